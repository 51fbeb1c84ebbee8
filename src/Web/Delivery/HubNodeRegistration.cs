using Hotline.Contracts.Delivery;

namespace Hotline.Web.Delivery;

/// <summary>
/// Registers this node with the node directory before the app takes requests (so no early event is missed),
/// renews the registration while it runs, and leaves cleanly on stop.
/// </summary>
public sealed class HubNodeRegistration(IGrainFactory grains, HubNode node, ILogger<HubNodeRegistration> logger) : BackgroundService
{
    private readonly Guid _nodeId = Guid.NewGuid();

    // Orleans holds observers weakly: this field keeps ours alive.
    private IHubNode? _reference;

    private IHubNodeDirectoryGrain Directory => grains.GetGrain<IHubNodeDirectoryGrain>(0);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _reference = grains.CreateObjectReference<IHubNode>(node);
        await Directory.Register(_nodeId, _reference);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HubNodeTiming.RegistrationPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await Directory.Register(_nodeId, _reference!);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not renew this web node's registration; retrying next period.");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await Directory.Unregister(_nodeId).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Could not unregister this web node on stop; the directory forgets it after its lease.");
        }
        if (_reference is not null)
            grains.DeleteObjectReference<IHubNode>(_reference);
    }
}
