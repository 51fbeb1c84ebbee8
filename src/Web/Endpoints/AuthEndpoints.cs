using System.Security.Claims;
using Hotline.Contracts.Accounts;
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
            var outcome = await accounts.SignIn(request?.UserName, request?.Password, ClientAddress.Key(http));
            if (outcome.Account is not { } account)
                return Results.Problem(RefusalProblem.Of(StatusCodes.Status401Unauthorized, "Sign-in failed", outcome.Refusal!));
            var (token, expiresAt) = tokens.Issue(account.UserName, account.DisplayName, account.Roles, outcome.Stamp);
            // The same identity as a cookie, for admins only and for the cluster dashboard only (its pages cannot send a bearer token).
            if (account.Roles.Contains(Roles.Admin))
                await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, TokenIssuer.Principal(account.UserName, account.DisplayName, account.Roles, outcome.Stamp),
                    new AuthenticationProperties { ExpiresUtc = expiresAt, IsPersistent = false });
            return Results.Ok(new LoginResponse(token, expiresAt, account.Roles));
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
}
