using Hotline.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Hotline.Web.Endpoints;

public sealed record LoginRequest(string? UserName, string? Password);

public sealed record LoginResponse(string AccessToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Roles);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest? request, StaffAccounts accounts, TokenIssuer tokens, HttpContext http) =>
        {
            var outcome = await accounts.SignIn(request?.UserName, request?.Password);
            if (outcome.Account is not { } account)
                return Results.Problem(RefusalProblem.Of(StatusCodes.Status401Unauthorized, "Sign-in failed", outcome.Refusal!));
            var (token, expiresAt) = tokens.Issue(account.UserName, account.DisplayName, account.Roles);
            // The same identity as a cookie, for pages that cannot send a bearer token (the admins' cluster dashboard).
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TokenIssuer.Principal(account.UserName, account.DisplayName, account.Roles),
                new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = false });
            return Results.Ok(new LoginResponse(token, expiresAt, account.Roles));
        }).RequireRateLimiting(RateLimits.Login);
        return app;
    }
}
