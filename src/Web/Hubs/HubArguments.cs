using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Hubs;

/// <summary>Ids arrive as strings so a malformed one gets a clear message rather than a binding failure.</summary>
internal static class HubArguments
{
    public static Guid Id(string? value, string name) =>
        Guid.TryParse(value, out var id) && id != Guid.Empty
            ? id
            : throw new HubException($"{name} must be the id the hotline gave you (a GUID); '{Shorten(value)}' is not one.");

    public static TEnum Enum<TEnum>(string? value, string name) where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new HubException($"{name} must be one of: {string.Join(", ", System.Enum.GetNames<TEnum>())}.");

    /// <summary>A page's own id for a message it sends (pages use crypto.randomUUID()), so a retry is known as one.</summary>
    public static string ClientMessageId(string? value) =>
        value is { Length: >= 1 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? value
            : throw new HubException("Each message needs its own id from the page (1–64 letters, digits, '-' or '_'). Reload the page and send it again.");

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";
}
