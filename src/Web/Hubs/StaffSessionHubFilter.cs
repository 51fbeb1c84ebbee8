using Hotline.Web.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Hubs;

/// <summary>
/// Every call on a signed-in connection checks that its session still holds (<see cref="AccountGate"/>): a demoted
/// supervisor's open console loses its rights at the next call, even before the close reaches it. Workers are not
/// signed in, so their calls pass unchecked.
/// </summary>
public sealed class StaffSessionHubFilter(IGrainFactory grains) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var user = context.Context.User;
        if (user?.FindFirst("sub") is not null && await AccountGate.Refusal(grains, user) is { } refusal)
            throw refusal;
        return await next(context);
    }
}
