using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Dashboard;

namespace Hotline.Silo;

/// <summary>
/// The Orleans dashboard as the hotline allows it: cluster health and grain statistics, never what is inside a grain.
/// Its live log stream (Trace) is turned off, and its grain-state view, which calls any grain's getters by id and
/// shows what they return, answers 404 for every grain, so no conversation, transcript or account can be read there.
/// </summary>
public static class HotlineDashboard
{
    public const string GrainStateRoute = "/GrainState";

    /// <summary>For every <c>AddDashboard</c>: silos (embedded or standalone) and web nodes of the cluster.</summary>
    public static void Configure(DashboardOptions options) => options.HideTrace = true;

    public static RouteGroupBuilder MapHotlineDashboard(this IEndpointRouteBuilder endpoints, string routePrefix)
    {
        var dashboard = endpoints.MapOrleansDashboard(routePrefix);
        dashboard.AddEndpointFilter(async (call, next) =>
            call.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route } && route.EndsWith(GrainStateRoute, StringComparison.OrdinalIgnoreCase)
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Grain state is not shown here",
                    detail: "The hotline's dashboard shows cluster health only; conversations and accounts are read in the hotline's own pages.")
                : await next(call));
        return dashboard;
    }
}
