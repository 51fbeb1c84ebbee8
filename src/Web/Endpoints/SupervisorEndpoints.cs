using Hotline.Contracts.Accounts;
using Hotline.Contracts.Supervision;

namespace Hotline.Web.Endpoints;

public static class SupervisorEndpoints
{
    public static IEndpointRouteBuilder MapSupervisorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/supervisor/stats", (IGrainFactory grains) => grains.GetGrain<IStatsGrain>(0).GetSnapshot())
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor));
        return app;
    }
}
