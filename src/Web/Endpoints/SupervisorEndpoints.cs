using System.Security.Claims;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;

using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Hotline.Web.Auth;
using Hotline.Web.Hubs;

namespace Hotline.Web.Endpoints;

public static class SupervisorEndpoints
{
    public static IEndpointRouteBuilder MapSupervisorApi(this IEndpointRouteBuilder app)
    {
        var supervisor = app.MapGroup("/api/supervisor").RequireAuthorization(p => p.RequireRole(Roles.Supervisor));
        // What each reader sees is their lines' and those under them (StaffScope), as on the supervisor hub.
        supervisor.MapGet("/stats", async (IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines, QueueMap queues) =>
            StaffScope.Of(user, lines).Filter(await grains.GetGrain<IStatsGrain>(0).GetSnapshot(), queues));
        supervisor.MapGet("/archive/{conversationId:guid}", async (Guid conversationId, IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
        {
            StaffScope.Of(user, lines).Check(await grains.GetGrain<IConversationGrain>(conversationId).GetLine());
            return await grains.GetGrain<IArchiveGrain>(0).Read(conversationId, user.FindFirst("sub")?.Value ?? "unknown");
        });
        supervisor.MapGet("/audit", async (IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines, int? take) =>
            await grains.OfLines(StaffScope.Of(user, lines), await grains.GetGrain<IAuditLogGrain>(0).Latest(take ?? 100)));
        return app;
    }
}
