using Hotline.Contracts.Supervision;
using Hotline.Silo.Storage;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AuditDayState")]
public sealed record AuditDayState
{
    [Id(0)] public List<ChainedAuditEntry> Entries { get; set; } = [];

    [Id(1)] public string? Previous { get; set; }
}

/// <summary>One page of one day of the audit log (<see cref="AuditSegments"/>): its state never holds more than a page.</summary>
public sealed class AuditDayGrain([PersistentState("audit-day")] IPersistentState<AuditDayState> state) : Grain, IAuditDayGrain
{
    public async Task Put(ChainedAuditEntry entry, string? previousSegment)
    {
        var place = entry.Index % AuditSegments.PageSize;
        var entries = state.State.Entries;
        if (entries.Count > place)
            entries.RemoveRange(place, entries.Count - place);
        entries.Add(entry);
        state.State.Previous = previousSegment;
        await state.WriteOrReload(this);
    }

    public Task<AuditSegment> Read() => Task.FromResult(new AuditSegment(state.State.Entries.ToList(), state.State.Previous));
}
