using Hotline.Silo.Delivery;

namespace Hotline.Web.Delivery;

/// <summary>
/// A web node of the cluster profile: subscribes this node to the events grains publish on Redis, before the app
/// takes requests, so that no event for a connection made here is missed.
/// </summary>
public sealed class HubNodeSubscription(HubNodeChannel channel, HubNode node, ILogger<HubNodeSubscription> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        channel.Subscribe(node, ex => logger.LogWarning(ex, "An event from the cluster could not be handed to this node's connections."));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
