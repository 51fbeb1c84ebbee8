using System.Security.Claims;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Rota;
using Hotline.Silo.Supervision;

namespace Hotline.Web.Endpoints;

/// <summary>The volunteer rota: supervisors and admins plan it, every counsellor sees their own next shifts.</summary>
public static class RotaEndpoints
{
    public static IEndpointRouteBuilder MapRotaApi(this IEndpointRouteBuilder app)
    {
        var rota = app.MapGroup("/api/rota");
        var planners = rota.MapGroup("/").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        planners.MapGet("/shifts", (IGrainFactory grains) => Rota(grains).Shifts());
        planners.MapPost("/shifts", async (NewShift request, IGrainFactory grains) =>
        {
            var shift = await Rota(grains).Add(request);
            return Results.Created($"/api/rota/shifts/{shift.ShiftId}", shift);
        });
        planners.MapDelete("/shifts/{shiftId:guid}", async (Guid shiftId, IGrainFactory grains) =>
        {
            await Rota(grains).Remove(shiftId);
            return Results.NoContent();
        });
        planners.MapGet("/week", (string? start, IGrainFactory grains) => Rota(grains).Week(ShiftRules.ParseDate(start, "start")));
        planners.MapGet("/now", (IGrainFactory grains) => Rota(grains).OnShiftNow());
        rota.MapGet("/mine", (IGrainFactory grains, ClaimsPrincipal user) => Rota(grains).NextShifts(user.FindFirst("sub")?.Value ?? ""))
            .RequireAuthorization(p => p.RequireRole(Roles.Counselor, Roles.Supervisor));
        return app;
    }

    private static IRotaGrain Rota(IGrainFactory grains) => grains.GetGrain<IRotaGrain>(0);
}
