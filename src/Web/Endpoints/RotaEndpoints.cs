using System.Security.Claims;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Rota;
using Hotline.Silo.Lines;
using Hotline.Silo.Supervision;
using Hotline.Web.Auth;

namespace Hotline.Web.Endpoints;

/// <summary>
/// The volunteer rota, one per line: supervisors and admins plan the rota of a line they cover (<c>?line=</c>, the
/// default line without it), every counsellor sees their own next shifts at the lines they serve.
/// </summary>
public static class RotaEndpoints
{
    public static IEndpointRouteBuilder MapRotaApi(this IEndpointRouteBuilder app)
    {
        var rota = app.MapGroup("/api/rota");
        var planners = rota.MapGroup("/").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        // The rota page's line choice: the lines whose rota this person plans.
        planners.MapGet("/lines", (ClaimsPrincipal user, LineCatalog lines) => StaffScope.Of(user, lines).Covered);
        planners.MapGet("/shifts", (string? line, IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
            Rota(grains, user, lines, line).Shifts());
        planners.MapPost("/shifts", async (string? line, NewShift request, IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
        {
            var shift = await Rota(grains, user, lines, line).Add(request);
            return Results.Created($"/api/rota/shifts/{shift.ShiftId}?line={lines.Resolve(line).Id}", shift);
        });
        planners.MapDelete("/shifts/{shiftId:guid}", async (Guid shiftId, string? line, IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
        {
            await Rota(grains, user, lines, line).Remove(shiftId);
            return Results.NoContent();
        });
        planners.MapGet("/week", (string? start, string? line, IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
            Rota(grains, user, lines, line).Week(ShiftRules.ParseDate(start, "start")));
        // Without a line, every line the caller covers, each counsellor once: the supervisor page's "on shift but offline" is for all of them.
        planners.MapGet("/now", async (string? line, IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) => string.IsNullOrWhiteSpace(line)
            ? RotaCoverage.EachCounselorOnce(await OfCoveredLines(grains, user, lines, rota => rota.OnShiftNow()))
            : await Rota(grains, user, lines, line).OnShiftNow());
        rota.MapGet("/mine", async (IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
            {
                // A counsellor may stand in the rota of a line under theirs, so every line they cover is asked.
                var counselorId = user.FindFirst("sub")?.Value ?? "";
                var theirs = await OfCoveredLines(grains, user, lines, rota => rota.NextShifts(counselorId));
                return RotaCoverage.Soonest(theirs);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Counselor, Roles.Supervisor));
        return app;
    }

    private static async Task<IEnumerable<ShiftTime>> OfCoveredLines(IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines,
        Func<IRotaGrain, Task<IReadOnlyList<ShiftTime>>> ask) =>
        (await Task.WhenAll(StaffScope.Of(user, lines).Covered.Select(line => ask(grains.GetGrain<IRotaGrain>(line))))).SelectMany(shifts => shifts);

    /// <summary>The rota of the line asked for (none: the default line), refused as unknown when it is not one this person covers.</summary>
    private static IRotaGrain Rota(IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines, string? line)
    {
        var asked = lines.Resolve(string.IsNullOrWhiteSpace(line) ? null : line.Trim());
        if (!StaffScope.Of(user, lines).Covers(asked.Id))
            throw new HotlineException(RefusalCodes.RotaOtherLine, Refusal.NotFound,
                "This line's rota is not one of yours. Ask a supervisor of the line, or of the province above it.");
        return grains.GetGrain<IRotaGrain>(asked.Id);
    }
}
