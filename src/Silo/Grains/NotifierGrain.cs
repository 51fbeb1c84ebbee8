using System.Diagnostics;
using Hotline.Contracts.Delivery;
using Hotline.Silo.Delivery;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Hotline.Silo.Grains;

/// <summary>
/// Hands events to every web node, as the GPSTracker sample does: a node without the connection ignores it. In the
/// cluster profile, through one publish on Redis (<see cref="HubNodeChannel"/>); otherwise to each node's observer.
/// Its methods are one-way, so no sender waits on delivery. One activation per silo takes one event at a time and
/// starts its deliveries in that order without waiting for them, and Orleans keeps the order of one activation's calls
/// to one observer: so a sender's events reach each node in the order sent, and a slow node holds up no one.
/// Delivery is best effort (an event may arrive 0, 1 or more times); clients repair gaps by seq (GetMessagesAfter).
/// </summary>
[StatelessWorker(1)]
public sealed class NotifierGrain(ILogger<NotifierGrain> logger, HubNodeChannel? channel = null, IDeliveryFaults? faults = null) : Grain, INotifierGrain
{
    private static readonly TimeSpan NodeListAge = TimeSpan.FromSeconds(5);

    /// <summary>Deliveries a node may have unanswered; past that it misses events (its clients repair) rather than pile them up here.</summary>
    private const int MaxPendingPerNode = 10_000;

    private readonly Dictionary<Guid, int> _pending = [];
    private IReadOnlyList<HubNodeEntry> _nodes = [];
    private long _nodesReadAt;

    public Task ToWorker(Guid conversationId, ClientEvent e) => Deliver(node => node.ToWorker(conversationId, e), e);

    public Task ToCounselor(string counselorId, ClientEvent e) => Deliver(node => node.ToCounselor(counselorId, e), e);

    public Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e) =>
        Deliver(node => node.ToConversation(conversationId, counselorId, e), e);

    public Task ToSupervisors(ClientEvent e) => Deliver(node => node.ToSupervisors(e), e);

    public Task ToMonitors(Guid conversationId, ClientEvent e) => Deliver(node => node.ToMonitors(conversationId, e), e);

    public Task DisconnectUser(string userId) => Deliver(node => node.DisconnectUser(userId), null);

    private async Task Deliver(Func<IHubNode, Task> send, ClientEvent? e)
    {
        var eventName = e?.Name ?? nameof(DisconnectUser);
        if (channel is not null)
        {
            Start(() => send(channel), e, delivery => Published(delivery, eventName));
            return;
        }
        foreach (var entry in await Nodes())
        {
            if (_pending.GetValueOrDefault(entry.NodeId) >= MaxPendingPerNode)
            {
                logger.LogWarning("Web node {NodeId} has {Count} deliveries unanswered; it misses the {Event} event.", entry.NodeId, MaxPendingPerNode, eventName);
                continue;
            }
            Start(() => send(entry.Node), e, delivery => Watch(entry, delivery, eventName));
        }
    }

    /// <summary>Starts one delivery (or, with test faults, none, two or a late one) and hands each to <paramref name="watch"/>.</summary>
    private void Start(Func<Task> deliver, ClientEvent? e, Func<Task, Task> watch)
    {
        switch (faults?.For(e) ?? DeliveryFault.None)
        {
            case DeliveryFault.Drop:
                return;
            case DeliveryFault.Duplicate:
                _ = watch(After(Task.CompletedTask, deliver));
                _ = watch(After(Task.CompletedTask, deliver));
                return;
            case DeliveryFault.Delay delay:
                _ = watch(After(delay.Until, deliver));
                return;
            default:
                _ = watch(After(Task.CompletedTask, deliver));
                return;
        }
    }

    /// <summary>Starts the delivery as soon as <paramref name="until"/> is done: at once, in the caller's turn, when it already is.</summary>
    private static async Task After(Task until, Func<Task> deliver)
    {
        await until;
        await deliver();
    }

    /// <summary>
    /// A node is dropped only when Orleans says its client is gone (ClientNotAvailableException): a slow or failing
    /// delivery (a timeout, an error the node threw) is not death, and the node keeps getting events. A node that
    /// died without Orleans noticing stops renewing, and the directory forgets it after its lease.
    /// </summary>
    private async Task Watch(HubNodeEntry entry, Task delivery, string eventName)
    {
        _pending[entry.NodeId] = _pending.GetValueOrDefault(entry.NodeId) + 1;
        try
        {
            await delivery;
        }
        catch (ClientNotAvailableException ex)
        {
            logger.LogWarning(ex, "Web node {NodeId} is gone; dropping it until it registers again.", entry.NodeId);
            _nodes = _nodes.Where(n => n.NodeId != entry.NodeId).ToList();
            await GrainFactory.GetGrain<IHubNodeDirectoryGrain>(0).Unregister(entry.NodeId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Web node {NodeId} did not take the {Event} event; it stays, and its clients repair the gap.", entry.NodeId, eventName);
        }
        finally
        {
            if (--_pending[entry.NodeId] == 0)
                _pending.Remove(entry.NodeId);
        }
    }

    /// <summary>The cluster profile: a publish Redis did not take is lost; the web nodes' clients repair the gap.</summary>
    private async Task Published(Task delivery, string eventName)
    {
        try
        {
            await delivery;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The {Event} event could not be published to the web nodes.", eventName);
        }
    }

    private async Task<IReadOnlyList<HubNodeEntry>> Nodes()
    {
        // Measured on the monotonic clock: this is plumbing, not hotline time that tests move.
        if (_nodes.Count == 0 || Stopwatch.GetElapsedTime(_nodesReadAt) > NodeListAge)
        {
            _nodes = await GrainFactory.GetGrain<IHubNodeDirectoryGrain>(0).GetNodes();
            _nodesReadAt = Stopwatch.GetTimestamp();
        }
        return _nodes;
    }
}
