using Hotline.Silo.Delivery;

namespace Hotline.Web.Delivery;

/// <summary>
/// A web node of the cluster profile: subscribes this node to the events grains publish on Redis, before the app
/// takes requests, so that no event for a connection made here is missed. When Redis drops the subscription, events
/// published until it is back are lost to this node: then every connection here is told to catch up.
/// </summary>
public sealed class HubNodeSubscription(HubNodeChannel channel, HubNode node, ILogger<HubNodeSubscription> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        channel.Subscribe(
            node,
            ex => logger.LogWarning(ex, "An event from the cluster could not be handed to this node's connections."),
            () =>
            {
                logger.LogWarning("The Redis subscription was lost and is back: this node's connections are told to catch up.");
                return node.AskEveryoneToCatchUp();
            });

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
