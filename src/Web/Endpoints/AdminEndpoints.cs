using System.Security.Claims;
using Hotline.Contracts.Accounts;
using Hotline.Web.Auth;

namespace Hotline.Web.Endpoints;

public sealed record UserCreated(string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Lines);

/// <summary>Account administration, for admins only. Every change is audited with the admin's user name.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/users").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapPost("/", async (NewUserRequest request, StaffAccounts accounts, ClaimsPrincipal user) =>
        {
            var account = await accounts.Create(request, Actor(user));
            return Results.Created($"/api/admin/users/{account.UserName}", new UserCreated(account.UserName, account.DisplayName, account.Roles, account.Lines ?? []));
        });
        admin.MapGet("/", (StaffAccounts accounts) => accounts.List());
        admin.MapPut("/{userName}", (string userName, UserChange change, StaffAccounts accounts, ClaimsPrincipal user) =>
            accounts.Change(userName, change, Actor(user)));
        admin.MapPut("/{userName}/profile", (string userName, ProfileChange change, StaffAccounts accounts, ClaimsPrincipal user) =>
            accounts.ChangeProfile(userName, change, Actor(user)));
        admin.MapPost("/{userName}/disable", (string userName, StaffAccounts accounts, ClaimsPrincipal user) =>
            accounts.SetDisabled(userName, true, Actor(user)));
        admin.MapPost("/{userName}/enable", (string userName, StaffAccounts accounts, ClaimsPrincipal user) =>
            accounts.SetDisabled(userName, false, Actor(user)));
        return app;
    }

    /// <summary>Who the audit log names for an admin's change.</summary>
    internal static string Actor(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "unknown";
}
