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
        planners.MapGet("/now", (string? line, IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
            Rota(grains, user, lines, line).OnShiftNow());
        rota.MapGet("/mine", async (IGrainFactory grains, ClaimsPrincipal user, LineCatalog lines) =>
            {
                // A counsellor may stand in the rota of a line under theirs, so every line they cover is asked.
                var counselorId = user.FindFirst("sub")?.Value ?? "";
                var ofLines = await Task.WhenAll(StaffScope.Of(user, lines).Covered.Select(line => grains.GetGrain<IRotaGrain>(line).NextShifts(counselorId)));
                return ofLines.SelectMany(shifts => shifts).OrderBy(shift => shift.StartsAt).Take(RotaCoverage.NextShiftCount).ToList();
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Counselor, Roles.Supervisor));
        return app;
    }

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
