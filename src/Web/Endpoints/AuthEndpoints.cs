using System.Text.Json.Serialization;
using Hotline.Contracts.Accounts;
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
            var outcome = await accounts.SignIn(request?.UserName, request?.Password);
            if (outcome.Account is not { } account)
                return Results.Problem(RefusalProblem.Of(StatusCodes.Status401Unauthorized, "Sign-in failed", outcome.Refusal!));
            // A password alone gives these roles nothing: no token, no cookie, only the way on to the second factor.
            if (secondFactors.IsRequiredFor(account))
                return Results.Ok(await secondFactors.Challenge(account));
            return Results.Ok(await FinishSignIn(http, account));
        }).RequireRateLimiting(RateLimits.Login);
        return app;
    }

    /// <summary>The end of every sign-in, with or without a second factor: the bearer token, and the same identity as a cookie.</summary>
    public static async Task<LoginResponse> FinishSignIn(HttpContext http, Account account)
    {
        var (token, expiresAt) = http.RequestServices.GetRequiredService<TokenIssuer>().Issue(account.UserName, account.DisplayName, account.Roles);
        // The same identity as a cookie, for pages that cannot send a bearer token (the admins' cluster dashboard).
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TokenIssuer.Principal(account.UserName, account.DisplayName, account.Roles),
            new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = false });
        return new LoginResponse(token, expiresAt, account.Roles);
    }
}
