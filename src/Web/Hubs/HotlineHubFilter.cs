using Hotline.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Hubs;

/// <summary>Turns a grain's refusal into a HubException, whose message reaches the caller as written.</summary>
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
            throw new HubException(e.Message);
        }
    }
}
