using System.Security.Claims;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Hotline.Silo.Supervision;
using Hotline.Web.Auth;

namespace Hotline.Web.Endpoints;

/// <summary>The network console's figures: each line's live load and today's counts, for supervisors and admins.</summary>
public static class NetworkEndpoints
{
    public static IEndpointRouteBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/network", async (IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines, QueueMap queues) =>
            {
                var snapshot = await grains.GetGrain<IStatsGrain>(0).GetSnapshot();
                // The reader's lines and those under them (StaffScope): a line's figures are its own queues' and
                // counsellors', so a row they may see tells nothing of a line they may not.
                var scope = StaffScope.Of(user, lines);
                return new NetworkLoad(snapshot.At, [.. new LineFigures(lines, queues).Of(snapshot).Where(line => scope.Covers(line.Id))]);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        return app;
    }
}
