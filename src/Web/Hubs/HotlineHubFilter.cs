using Hotline.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Hubs;

/// <summary>
/// Turns a refusal into a HubException whose message reaches the caller as <c>code|params|English sentence</c>:
/// the code from <see cref="RefusalCodes"/>, params a URL-encoded query string (may be empty), then the sentence.
/// </summary>
public sealed class HotlineHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (HotlineException e)
        {
            throw new HubException(Text(e));
        }
    }

    public static string Text(HotlineException refusal) =>
        $"{refusal.Code}|{string.Join('&', refusal.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"))}|{refusal.Message}";
}
