using Hotline.Contracts;

namespace Hotline.Web.Hubs;

/// <summary>Ids arrive as strings so a malformed one gets a clear message rather than a binding failure.</summary>
internal static class HubArguments
{
    public static Guid Id(string? value, string name) =>
        Guid.TryParse(value, out var id) && id != Guid.Empty
            ? id
            : throw new HotlineException(RefusalCodes.BadId, "{name} must be the id the hotline gave you (a GUID); '{value}' is not one.", ("name", name), ("value", Shorten(value)));

    public static TEnum Enum<TEnum>(string? value, string name) where TEnum : struct, System.Enum =>
        System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new HotlineException(RefusalCodes.BadChoice, "{name} must be one of: {choices}.", ("name", name), ("choices", string.Join(", ", System.Enum.GetNames<TEnum>())));

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";
}
