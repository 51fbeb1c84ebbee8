using Hotline.Contracts;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Lines;
using Hotline.Contracts.Rota;
using Hotline.Silo.Lines;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.RotaState")]
public sealed record RotaState
{
    [Id(0)] public List<Shift> Shifts { get; set; } = [];
}

/// <summary>
/// A line's volunteer rota, its coverage against the line's minimum seats in the hours it is open. It calls counsellor
/// grains only to check that a counsellor exists and serves the line, and nobody awaits it in return, so it takes part
/// in no cycle. Reading it never changes it: coverage is worked out on each request. The shifts the network's one rota
/// (key 0) stored before rotas were kept per line are the default line's: its grain takes them over on first activation.
/// </summary>
public sealed class RotaGrain(
    [PersistentState("rota")] IPersistentState<RotaState> state,
    [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainStorage storage,
    LineCatalog lines,
    IOptions<SupervisionOptions> supervisionOptions,
    TimeProvider clock) : Grain, IRotaGrain
{
    public const int MaxShifts = 500;

    private List<Shift> Stored => state.State.Shifts;

    private Line Line => lines.Resolve(this.GetPrimaryKeyString());

    private RotaCoverage Coverage => new(Stored, TimeSpan.FromHours(supervisionOptions.Value.UtcOffsetHours), Line.MinimumSeats, at => LineCatalog.IsOpen(Line, at));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists || Line.Id != lines.Default.Id)
            return;
        var network = new NetworkRecord<RotaState>(storage, "rota", this.GetGrainId().Type);
        if (await network.Read() is not { } stored)
            return;
        state.State = stored;
        await state.WriteStateAsync();
        await network.Clear();
    }

    public async Task<Shift> Add(NewShift request)
    {
        var today = Coverage.LocalDate(clock.GetUtcNow());
        var shift = ShiftRules.Parse(request, Guid.NewGuid(), today);
        if (await GrainFactory.GetGrain<ICounselorGrain>(shift.CounselorId).GetProfile() is not { } profile)
            throw new HotlineException(RefusalCodes.RotaUnknownCounselor, "There is no counsellor \"{counselor}\".", ("counselor", shift.CounselorId));
        // A counsellor of the province above takes the city's backup, so may stand in its rota too.
        if (!lines.Served(profile.Lines).Any(served => lines.Covers(served, Line.Id)))
            throw new HotlineException(RefusalCodes.RotaCounselorOtherLine, "\"{counselor}\" does not serve this line ({line}) nor one above it.",
                ("counselor", shift.CounselorId), ("line", Line.Id));
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
