using System.Diagnostics;
using Hotline.Contracts.Delivery;

namespace Hotline.Silo.Grains;

/// <summary>
/// The web nodes that hold browser connections (embedded profile; the cluster publishes on Redis instead). Nodes
/// re-register every HubNodeTiming.RegistrationPeriod; one not heard from for three periods, or that failed to take
/// an event, is dropped (a live one is back within a period). Held in memory on purpose: after a restart only nodes
/// that register again are alive, and a stale observer of a dead process would only hold deliveries up.
/// </summary>
[KeepAlive]
public sealed class HubNodeDirectoryGrain : Grain, IHubNodeDirectoryGrain
{
    private readonly Dictionary<Guid, (IHubNode Node, long SeenAt)> _nodes = [];

    public Task Register(Guid nodeId, IHubNode node)
    {
        _nodes[nodeId] = (node, Stopwatch.GetTimestamp());
        return Task.CompletedTask;
    }

    public Task Unregister(Guid nodeId)
    {
        _nodes.Remove(nodeId);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HubNodeEntry>> GetNodes()
    {
        // Measured on the monotonic clock: this is plumbing, not hotline time that tests move.
        foreach (var (id, _) in _nodes.Where(n => Stopwatch.GetElapsedTime(n.Value.SeenAt) > 3 * HubNodeTiming.RegistrationPeriod).ToList())
            _nodes.Remove(id);
        return Task.FromResult<IReadOnlyList<HubNodeEntry>>(_nodes.Select(n => new HubNodeEntry(n.Key, n.Value.Node)).ToList());
    }
}
