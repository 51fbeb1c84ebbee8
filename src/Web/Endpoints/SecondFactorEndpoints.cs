using System.Security.Claims;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Web.Auth;

namespace Hotline.Web.Endpoints;

public sealed record ChallengeRequest(string? Challenge);

public sealed record ConfirmRequest(string? Challenge, string? Code);

public sealed record SecondFactorRequest(string? Challenge, string? Code, string? RecoveryCode);

/// <summary>
/// The second step of a sign-in for supervisors and admins (see <see cref="SecondFactors"/>): setting up an
/// authenticator app, or entering its code or a recovery code; and an admin's reset for a lost phone.
/// </summary>
public static class SecondFactorEndpoints
{
    public static IEndpointRouteBuilder MapSecondFactorApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/second-factor/enrol", (ChallengeRequest? request, SecondFactors secondFactors) =>
            Answer(async () => Results.Ok(await secondFactors.Enrol(request?.Challenge)))).RequireRateLimiting(RateLimits.Login);
        app.MapPost("/api/auth/second-factor/confirm", (ConfirmRequest? request, SecondFactors secondFactors, HttpContext http) => Answer(async () =>
        {
            var (account, recoveryCodes) = await secondFactors.Confirm(request?.Challenge, request?.Code);
            return Results.Ok(await AuthEndpoints.FinishSignIn(http, account) with { RecoveryCodes = recoveryCodes });
        })).RequireRateLimiting(RateLimits.Login);
        app.MapPost("/api/auth/second-factor", (SecondFactorRequest? request, SecondFactors secondFactors, HttpContext http) => Answer(async () =>
        {
            var (account, left) = await secondFactors.SignIn(request?.Challenge, request?.Code, request?.RecoveryCode);
            return Results.Ok(await AuthEndpoints.FinishSignIn(http, account) with { RecoveryCodesLeft = left });
        })).RequireRateLimiting(RateLimits.Login);
        app.MapPost("/api/admin/users/{userName}/second-factor/reset", async (string userName, SecondFactors secondFactors, ClaimsPrincipal user) =>
        {
            await secondFactors.Reset(userName, user.FindFirst("sub")?.Value ?? "unknown");
            return Results.NoContent();
        }).RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return app;
    }

    /// <summary>A refused step is a refused sign-in (401), said like the password's; a request without a code is a bad request.</summary>
    private static async Task<IResult> Answer(Func<Task<IResult>> step)
    {
        try
        {
            return await step();
        }
        catch (HotlineException e)
        {
            var status = e.Code == RefusalCodes.SecondFactorCodeMissing ? StatusCodes.Status400BadRequest : StatusCodes.Status401Unauthorized;
            return Results.Problem(RefusalProblem.Of(status, "Sign-in failed", e));
        }
    }
}
