using System.Collections.Concurrent;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;

namespace Hotline.Web.Delivery;

/// <summary>
/// The counsellor pages and worker tabs this node holds. Grains hold each connection on a lease
/// (Hotline:Routing:ConnectionLeaseSeconds); this node renews all of its own every third of the lease, so when a node
/// dies its connections lapse and their people count as gone, and a grain that lost its memory in a silo crash
/// learns again who is connected.
/// </summary>
public sealed class ConnectionLeases(IGrainFactory grains, TimeSpan renewalPeriod, ILogger<ConnectionLeases> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, string> _counselorPages = new();
    private readonly ConcurrentDictionary<string, Guid> _workerTabs = new();

    public void CounselorPage(string connectionId, string counselorId) => _counselorPages[connectionId] = counselorId;

    public void WorkerTab(string connectionId, Guid conversationId) => _workerTabs[connectionId] = conversationId;

    public void Closed(string connectionId)
    {
        _counselorPages.TryRemove(connectionId, out _);
        _workerTabs.TryRemove(connectionId, out _);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(renewalPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RenewAll();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAll()
    {
        var renewals = _counselorPages.Select(p => grains.GetGrain<ICounselorGrain>(p.Value).Connected(p.Key))
            .Concat(_workerTabs.Select(t => grains.GetGrain<IConversationGrain>(t.Value).WorkerConnected(t.Key)));
        try
        {
            // Bounded by the period: one call stuck on a silo that just died (until Orleans' response timeout) must
            // not hold up the next round, or every other connection of this node would lapse with it.
            await Task.WhenAll(renewals).WaitAsync(renewalPeriod);
        }
        catch (Exception ex)
        {
            // The next period tries again, well within the lease.
            logger.LogWarning(ex, "Could not renew every connection this node holds.");
        }
    }
}
