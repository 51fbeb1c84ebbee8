using System.Security.Claims;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;

namespace Hotline.Web.Endpoints;

public static class SupervisorEndpoints
{
    public static IEndpointRouteBuilder MapSupervisorApi(this IEndpointRouteBuilder app)
    {
        var supervisor = app.MapGroup("/api/supervisor").RequireAuthorization(p => p.RequireRole(Roles.Supervisor));
        supervisor.MapGet("/stats", (IGrainFactory grains) => grains.GetGrain<IStatsGrain>(0).GetSnapshot());
        supervisor.MapGet("/archive/{conversationId:guid}", (Guid conversationId, IGrainFactory grains, ClaimsPrincipal user) =>
            grains.GetGrain<IArchiveGrain>(0).Read(conversationId, user.FindFirst("sub")?.Value ?? "unknown"));
        supervisor.MapGet("/audit", (IGrainFactory grains, int? take) => grains.GetGrain<IAuditLogGrain>(0).Latest(take ?? 100));
        return app;
    }
}
