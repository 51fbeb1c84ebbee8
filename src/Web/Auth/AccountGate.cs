using System.Security.Claims;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Web.Endpoints;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Hotline.Web.Auth;

/// <summary>
/// Whether a signed-in principal's session still holds: the account is not disabled and its security stamp is still the
/// one in the token (a role change, password change, disable, enable or sign-out gives a new one). One grain call,
/// on every request and every staff hub call.
/// </summary>
public static class AccountGate
{
    private static readonly object RefusalKey = new();

    public static async Task<HotlineException?> Refusal(IGrainFactory grains, ClaimsPrincipal? principal)
    {
        if (principal?.FindFirst("sub")?.Value is not { } userId)
            return new HotlineException(RefusalCodes.SignInNoUser, "Sign in again: your sign-in names no user.");
        var standing = await grains.GetGrain<IAccountGrain>(userId).GetStanding();
        if (standing.Disabled)
            return new HotlineException(RefusalCodes.SignInDisabled, "This account is disabled. Ask an admin if you need it again.");
        if ((principal.FindFirst(TokenIssuer.StampClaim)?.Value ?? "") != standing.Stamp)
            return new HotlineException(RefusalCodes.SessionEnded, "Your session has ended: you signed out, or your account was changed. Please sign in again.");
        return null;
    }

    /// <summary>For the bearer scheme: refuses the token, keeping the refusal for <see cref="Challenge"/> to word.</summary>
    public static async Task Check(TokenValidatedContext context)
    {
        if (await Refusal(context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>(), context.Principal) is { } refusal)
        {
            context.HttpContext.Items[RefusalKey] = refusal;
            context.Fail(refusal.Message);
        }
    }

    /// <summary>A 401 for a refused session says why, as problem details with the refusal's code, so the page can word it.</summary>
    public static async Task Challenge(JwtBearerChallengeContext context)
    {
        if (context.HttpContext.Items[RefusalKey] is not HotlineException refusal)
            return;
        context.HandleResponse();
        await Results.Problem(RefusalProblem.Of(StatusCodes.Status401Unauthorized, "Session ended", refusal)).ExecuteAsync(context.HttpContext);
    }
}
