using System.Diagnostics;
using Hotline.Contracts.Delivery;
using Hotline.Silo.Delivery;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Hotline.Silo.Grains;

/// <summary>
/// Hands events to every web node, as the GPSTracker sample does: a node without the connection ignores it. In the
/// cluster profile, through one publish on Redis (<see cref="HubNodeChannel"/>); otherwise to each node's observer.
/// A local stateless worker, so senders don't queue behind each other; each sender awaits its own
/// deliveries, which keeps one conversation's events in order.
/// </summary>
[StatelessWorker]
public sealed class NotifierGrain(ILogger<NotifierGrain> logger, HubNodeChannel? channel = null) : Grain, INotifierGrain
{
    private static readonly TimeSpan NodeListAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);

    private IReadOnlyList<HubNodeEntry> _nodes = [];
    private long _nodesReadAt;

    public Task ToWorker(Guid conversationId, ClientEvent e) => Deliver(node => node.ToWorker(conversationId, e), e.Name);

    public Task ToCounselor(string counselorId, ClientEvent e) => Deliver(node => node.ToCounselor(counselorId, e), e.Name);

    public Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e) =>
        Deliver(node => node.ToConversation(conversationId, counselorId, e), e.Name);

    public Task ToSupervisors(ClientEvent e) => Deliver(node => node.ToSupervisors(e), e.Name);

    public Task ToMonitors(Guid conversationId, ClientEvent e) => Deliver(node => node.ToMonitors(conversationId, e), e.Name);

    public Task DisconnectUser(string userId) => Deliver(node => node.DisconnectUser(userId), nameof(DisconnectUser));

    private async Task Deliver(Func<IHubNode, Task> send, string eventName)
    {
        if (channel is not null)
        {
            await PublishToCluster(send, eventName);
            return;
        }
        var nodes = await Nodes();
        await Task.WhenAll(nodes.Select(async entry =>
        {
            try
            {
                await send(entry.Node).WaitAsync(DeliveryTimeout);
            }
            catch (Exception ex)
            {
                // A dead node would hold up every sender for the whole timeout, event after event: drop it now (a
                // live one re-registers within a period). Best effort by design: clients re-read what they missed
                // when they reconnect or resume.
                logger.LogWarning(ex, "A web node did not take the {Event} event; dropping it until it registers again.", eventName);
                _nodes = _nodes.Where(n => n.NodeId != entry.NodeId).ToList();
                await GrainFactory.GetGrain<IHubNodeDirectoryGrain>(0).Unregister(entry.NodeId);
            }
        }));
    }

    /// <summary>The cluster profile: one publish on Redis reaches every web node.</summary>
    private async Task PublishToCluster(Func<IHubNode, Task> send, string eventName)
    {
        try
        {
            await send(channel!).WaitAsync(DeliveryTimeout);
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
