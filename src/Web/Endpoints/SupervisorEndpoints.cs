using Hotline.Contracts.Accounts;
using Hotline.Contracts.Supervision;

namespace Hotline.Web.Endpoints;

public static class SupervisorEndpoints
{
    public static IEndpointRouteBuilder MapSupervisorApi(this IEndpointRouteBuilder app)
    {
        var supervisor = app.MapGroup("/api/supervisor").RequireAuthorization(p => p.RequireRole(Roles.Supervisor));
        supervisor.MapGet("/stats", (IGrainFactory grains) => grains.GetGrain<IStatsGrain>(0).GetSnapshot());
        supervisor.MapGet("/audit", (IGrainFactory grains, int? take) => grains.GetGrain<IAuditLogGrain>(0).Latest(take ?? 100));
        return app;
    }
}
