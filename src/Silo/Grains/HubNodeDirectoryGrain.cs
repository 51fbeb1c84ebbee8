using System.Diagnostics;
using Hotline.Contracts.Delivery;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.HubNodeDirectoryState")]
public sealed record HubNodeDirectoryState
{
    [Id(0)] public Dictionary<Guid, IHubNode> Nodes { get; set; } = [];
}

/// <summary>
/// The web nodes that hold browser connections. Nodes re-register every HubNodeTiming.RegistrationPeriod; one not
/// heard from for three periods, or that failed to take an event, is dropped (a live one is back within a period).
/// The list is persisted, so that when the silo holding this grain dies, its next activation still reaches every
/// node at once instead of waiting for them to re-register; last-seen times are in memory, so each persisted node
/// gets three fresh periods after an activation.
/// </summary>
[KeepAlive]
public sealed class HubNodeDirectoryGrain([PersistentState("hub-nodes")] IPersistentState<HubNodeDirectoryState> state) : Grain, IHubNodeDirectoryGrain
{
    private readonly Dictionary<Guid, long> _seenAt = [];

    private Dictionary<Guid, IHubNode> Nodes => state.State.Nodes;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var id in Nodes.Keys)
            _seenAt[id] = Stopwatch.GetTimestamp();
        return Task.CompletedTask;
    }

    public async Task Register(Guid nodeId, IHubNode node)
    {
        _seenAt[nodeId] = Stopwatch.GetTimestamp();
        if (Nodes.TryAdd(nodeId, node))
            await state.WriteStateAsync();
    }

    public async Task Unregister(Guid nodeId)
    {
        _seenAt.Remove(nodeId);
        if (Nodes.Remove(nodeId))
            await state.WriteStateAsync();
    }

    public async Task<IReadOnlyList<HubNodeEntry>> GetNodes()
    {
        // Measured on the monotonic clock: this is plumbing, not hotline time that tests move.
        foreach (var id in Nodes.Keys.Where(id => Stopwatch.GetElapsedTime(_seenAt[id]) > 3 * HubNodeTiming.RegistrationPeriod).ToList())
            await Unregister(id);
        return Nodes.Select(n => new HubNodeEntry(n.Key, n.Value)).ToList();
    }
}
