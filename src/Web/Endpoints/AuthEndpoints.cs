using System.Security.Claims;
using System.Text.Json.Serialization;
using Hotline.Contracts.Accounts;
using Hotline.Silo.Lines;
using Hotline.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Hotline.Web.Endpoints;

public sealed record LoginRequest(string? UserName, string? Password);

/// <summary>
/// A finished sign-in. <paramref name="RecoveryCodes"/> only when a second factor was just set up (shown this once),
/// <paramref name="RecoveryCodesLeft"/> only when a recovery code was used.
/// </summary>
public sealed record LoginResponse(
    string AccessToken,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Roles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RecoveryCodes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RecoveryCodesLeft = null);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest? request, StaffAccounts accounts, SecondFactors secondFactors, HttpContext http) =>
        {
            var outcome = await accounts.SignIn(request?.UserName, request?.Password, ClientAddress.Key(http));
            if (outcome.Account is not { } account)
                return Results.Problem(RefusalProblem.Of(StatusCodes.Status401Unauthorized, "Sign-in failed", outcome.Refusal!));
            // A password alone gives these roles nothing: no token, no cookie, only the way on to the second factor.
            if (secondFactors.IsRequiredFor(account))
                return Results.Ok(await secondFactors.Challenge(account));
            return Results.Ok(await FinishSignIn(http, account));
        }).RequireRateLimiting(RateLimits.Login);

        // Signing out ends every session of the person, everywhere: all their tokens, their dashboard cookie, and their
        // live connections on every web node (a new security stamp).
        app.MapPost("/api/auth/logout", async (ClaimsPrincipal user, StaffAccounts accounts, HttpContext http) =>
        {
            await accounts.SignOut(user.FindFirst("sub")!.Value);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).RequireAuthorization();
        return app;
    }

    /// <summary>
    /// The end of every sign-in, with or without a second factor: the bearer token with the account's security stamp,
    /// and for admins the same identity as a cookie for the cluster dashboard only (its pages cannot send a bearer token).
    /// </summary>
    public static async Task<LoginResponse> FinishSignIn(HttpContext http, Account account)
    {
        var stamp = (await http.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(account.UserName).GetStanding()).Stamp;
        var lines = http.RequestServices.GetRequiredService<LineCatalog>().Served(account.Lines);
        var (token, expiresAt) = http.RequestServices.GetRequiredService<TokenIssuer>().Issue(account.UserName, account.DisplayName, account.Roles, lines, stamp);
        if (account.Roles.Contains(Roles.Admin))
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TokenIssuer.Principal(account.UserName, account.DisplayName, account.Roles, lines, stamp),
                new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = false });
        return new LoginResponse(token, expiresAt, account.Roles);
    }
}
