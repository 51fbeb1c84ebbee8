using Hotline.Contracts;
using Hotline.Contracts.Lines;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Hotline.Silo.Storage;

namespace Hotline.Silo.Grains;

/// <param name="Lines">The whole network as admins last left it; null until the first edit (then seeds/lines.json is the network).</param>
[GenerateSerializer, Alias("hotline.LineNetworkState")]
public sealed record LineNetworkState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public List<Line>? Lines { get; set; }
}

/// <summary>
/// The network admins' edits of the lines. Once a line is edited the whole network is stored here, and from then on
/// seeds/lines.json is no longer read for it: a changed seed file cannot undo an admin's edit or clash with it.
/// </summary>
public sealed class LineNetworkGrain(
    [PersistentState("line-network")] IPersistentState<LineNetworkState> state,
    LineCatalog catalog,
    Referrals referrals,
    TimeProvider clock) : Grain, ILineNetworkGrain
{
    private IReadOnlyList<Line> Lines => state.State.Lines ?? catalog.Seeded;

    public Task<LineNetworkVersion?> Since(long version) =>
        Task.FromResult(state.State.Version > version ? new LineNetworkVersion(state.State.Version, [.. Lines]) : null);

    public async Task<LineNetworkVersion> Save(Line line, string adminId)
    {
        if (line.Referrals.FirstOrDefault(id => referrals.Find(id) is null) is { } unknown)
            throw new HotlineException(RefusalCodes.LineBadReferral, "'{referral}' is not a referral entry of this hotline (the line '{line}' may name at most {max}).",
                ("line", line.Id), ("referral", unknown), ("max", LineCatalog.MaxReferrals));
        var next = Lines.ToList();
        if (next.FindIndex(l => l.Id == line.Id) is var index and >= 0)
            next[index] = line;
        else
            next.Add(line);
        LineCatalog.Validate(next, catalog.Default.Id);
        await GrainFactory.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(adminId, AuditActions.EditLine, Guid.Empty, clock.GetUtcNow(), line.Id));
        state.State.Lines = next;
        state.State.Version++;
        await state.WriteOrReload(this);
        // This silo's own routing has the edit at once; the others', and the web nodes', within their next look (LineRefresh).
        catalog.Replace(state.State.Version, next);
        return new LineNetworkVersion(state.State.Version, [.. next]);
    }
}
