using Hotline.Contracts.Accounts;
using Hotline.Contracts.Lines;
using Hotline.Silo.Lines;

namespace Hotline.Web.Endpoints;

/// <param name="OpenNow">Whether the line is staffed now, by its hours and closed days.</param>
/// <param name="IsDefault">The line a worker reaches without choosing one.</param>
public sealed record LineChoice(string Id, string Zh, string En, string Region, string? Parent, bool OpenNow, bool IsDefault);

/// <summary>A network admin's view of the network: every line whole, as <c>seeds/lines.json</c> sets it, and which is the default.</summary>
public sealed record LineNetwork(string DefaultLine, IReadOnlyList<Line> Lines);

public static class LineEndpoints
{
    /// <summary>The lines a worker can choose, for the start page's picker and its <c>/?line=</c> link. Public: nothing personal.</summary>
    public static IEndpointRouteBuilder MapLineApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/lines", (LineCatalog lines, TimeProvider clock) =>
        {
            var now = clock.GetUtcNow();
            return lines.All.Select(line => new LineChoice(
                line.Id, line.Zh, line.En, line.Region, line.Parent, LineCatalog.IsOpen(line, now), line.Id == lines.Default.Id));
        });
        app.MapGet("/api/admin/lines", (LineCatalog lines) => new LineNetwork(lines.Default.Id, lines.All))
            .RequireAuthorization(p => p.RequireRole(Roles.Admin));
        return app;
    }
}
