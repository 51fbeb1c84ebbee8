using Hotline.Contracts.Accounts;
using Hotline.Web.Auth;

namespace Hotline.Web.Endpoints;

public sealed record UserCreated(string UserName, string DisplayName, IReadOnlyList<string> Roles);

public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapPost("/users", async (NewUserRequest request, StaffAccounts accounts) =>
        {
            var account = await accounts.Create(request);
            return Results.Created($"/api/admin/users/{account.UserName}", new UserCreated(account.UserName, account.DisplayName, account.Roles));
        });
        return app;
    }
}
