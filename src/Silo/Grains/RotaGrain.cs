using Hotline.Contracts;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Rota;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.RotaState")]
public sealed record RotaState
{
    [Id(0)] public List<Shift> Shifts { get; set; } = [];
}

/// <summary>
/// The volunteer rota. It calls counsellor grains only to check that a counsellor exists, and nobody awaits it in
/// return, so it takes part in no cycle. Reading it never changes it: coverage is worked out on each request.
/// </summary>
public sealed class RotaGrain(
    [PersistentState("rota")] IPersistentState<RotaState> state,
    IOptions<RotaOptions> rotaOptions,
    IOptions<SupervisionOptions> supervisionOptions,
    TimeProvider clock) : Grain, IRotaGrain
{
    public const int MaxShifts = 500;

    private List<Shift> Stored => state.State.Shifts;

    private RotaCoverage Coverage => new(Stored, TimeSpan.FromHours(supervisionOptions.Value.UtcOffsetHours), rotaOptions.Value.MinimumSeats);

    public async Task<Shift> Add(NewShift request)
    {
        var today = Coverage.LocalDate(clock.GetUtcNow());
        var shift = ShiftRules.Parse(request, Guid.NewGuid(), today);
        if (await GrainFactory.GetGrain<ICounselorGrain>(shift.CounselorId).GetProfile() is null)
            throw new HotlineException(RefusalCodes.RotaUnknownCounselor, "There is no counsellor \"{counselor}\".", ("counselor", shift.CounselorId));
        // Single shifts that are over only take up room.
        Stored.RemoveAll(s => s.Date < today);
        if (Stored.Count >= MaxShifts)
            throw new HotlineException(RefusalCodes.RotaFull, "The rota holds at most {max} shifts; delete some first.", ("max", MaxShifts));
        Stored.Add(shift);
        await state.WriteStateAsync();
        return shift;
    }

    public async Task Remove(Guid shiftId)
    {
        if (Stored.RemoveAll(s => s.ShiftId == shiftId) == 0)
            throw new HotlineException(RefusalCodes.RotaShiftUnknown, Refusal.NotFound, "There is no shift with this id.");
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<Shift>> Shifts() =>
        Task.FromResult<IReadOnlyList<Shift>>(Stored
            .OrderBy(s => s.Date.HasValue).ThenBy(s => s.Date).ThenBy(s => ((int)s.Weekday.GetValueOrDefault() + 6) % 7)
            .ThenBy(s => s.StartMinute).ThenBy(s => s.CounselorId, StringComparer.Ordinal).ToList());

    public Task<RotaWeek> Week(DateOnly monday) => Task.FromResult(Coverage.Week(monday));

    public Task<IReadOnlyList<ShiftTime>> OnShiftNow() => Task.FromResult(Coverage.OnShiftAt(clock.GetUtcNow()));

    public Task<IReadOnlyList<ShiftTime>> NextShifts(string counselorId) => Task.FromResult(Coverage.NextShifts(counselorId, clock.GetUtcNow()));
}
