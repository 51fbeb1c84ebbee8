using System.Diagnostics;
using Hotline.Contracts.Delivery;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Hotline.Silo.Grains;

/// <summary>
/// Hands events to every web node, as the GPSTracker sample does: a node without the connection ignores it.
/// A local stateless worker, so senders don't queue behind each other; each sender awaits its own
/// deliveries, which keeps one conversation's events in order.
/// </summary>
[StatelessWorker]
public sealed class NotifierGrain(ILogger<NotifierGrain> logger) : Grain, INotifierGrain
{
    private static readonly TimeSpan NodeListAge = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);

    private IReadOnlyList<IHubNode> _nodes = [];
    private long _nodesReadAt;

    public Task ToWorker(Guid conversationId, ClientEvent e) => Deliver(node => node.ToWorker(conversationId, e), e.Name);

    public Task ToCounselor(string counselorId, ClientEvent e) => Deliver(node => node.ToCounselor(counselorId, e), e.Name);

    public Task ToSupervisors(ClientEvent e) => Deliver(node => node.ToSupervisors(e), e.Name);

    public Task ToMonitors(Guid conversationId, ClientEvent e) => Deliver(node => node.ToMonitors(conversationId, e), e.Name);

    public Task DisconnectUser(string userId) => Deliver(node => node.DisconnectUser(userId), nameof(DisconnectUser));

    private async Task Deliver(Func<IHubNode, Task> send, string eventName)
    {
        var nodes = await Nodes();
        await Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                await send(node).WaitAsync(DeliveryTimeout);
            }
            catch (Exception ex)
            {
                // Best effort by design: clients re-read what they missed when they reconnect or resume.
                logger.LogWarning(ex, "A web node did not take the {Event} event; refreshing the node list.", eventName);
                _nodes = [];
            }
        }));
    }

    private async Task<IReadOnlyList<IHubNode>> Nodes()
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
