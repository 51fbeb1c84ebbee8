using System.Security.Claims;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Lines;
using Hotline.Silo.Lines;

namespace Hotline.Web.Endpoints;

/// <param name="OpenNow">Whether the line is staffed now, by its hours and closed days.</param>
/// <param name="IsDefault">The line a worker reaches without choosing one.</param>
public sealed record LineChoice(string Id, string Zh, string En, string Region, string? Parent, bool OpenNow, bool IsDefault);

/// <summary>A network admin's view of the network: every line whole, in the shape of <c>seeds/lines.json</c>, which is the default, and the edit it is at.</summary>
public sealed record LineNetwork(string DefaultLine, long Version, IReadOnlyList<LineEntry> Lines);

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
        var admin = app.MapGroup("/api/admin/lines").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapGet("/", (LineCatalog lines) => new LineNetwork(lines.Default.Id, lines.Version, [.. lines.All.Select(LineEntry.From)]));
        admin.MapPut("/{id}", async (string id, LineEntry entry, LineCatalog lines, IGrainFactory grains, ClaimsPrincipal user) =>
        {
            if (entry.Id is { } named && named != id)
                throw new HotlineException(RefusalCodes.LineIdMismatch, "The body names the line '{named}' but the address the line '{line}'.", ("named", named), ("line", id));
            var saved = await grains.GetGrain<ILineNetworkGrain>(0).Save(entry.ToLine(id), AdminEndpoints.Actor(user));
            // This node serves the edit from the next request on; the others within their next look (LineRefresh).
            lines.Replace(saved.Version, saved.Lines);
            return LineEntry.From(lines.Find(id)!);
        });
        return app;
    }
}
