using Hotline.Contracts.Delivery;
using Orleans.Serialization;
using StackExchange.Redis;

namespace Hotline.Silo.Delivery;

/// <summary>
/// Delivery to the web nodes of a cluster: every event is published once on a Redis channel that every web node
/// subscribes to, so a grain on any silo reaches every browser, whichever node holds it. Redis delivers one
/// publisher's messages in order. It is best effort: a publish Redis did not take is lost, and so is what is published
/// while a node's subscription is down; the node then tells its connections to catch up once the subscription is back,
/// and every page repairs gaps by seq on its own too (GetMessagesAfter, see docs/DESIGN.md).
/// </summary>
public sealed class HubNodeChannel(IConnectionMultiplexer redis, Serializer serializer, string serviceId) : IHubNode
{
    public RedisChannel Channel { get; } = RedisChannel.Literal($"{serviceId}:hub-events");

    public Task ToWorker(Guid conversationId, ClientEvent e) => Publish(new(HubNodeCall.ToWorker, conversationId.ToString("N"), e));

    public Task ToCounselor(string counselorId, ClientEvent e) => Publish(new(HubNodeCall.ToCounselor, counselorId, e));

    /// <summary>As the three calls it stands for, all sent before any is answered, so that each audience gets one
    /// publisher's events in order: as one message, a chat stopped reaching the worker after a Redis restart in the
    /// cluster fault test, and the cause is not yet understood.</summary>
    public Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e) => Task.WhenAll(
        ToWorker(conversationId, e),
        counselorId is null ? Task.CompletedTask : ToCounselor(counselorId, e),
        ToMonitors(conversationId, e));

    public Task ToSupervisors(ClientEvent e) => Publish(new(HubNodeCall.ToSupervisors, "", e));

    public Task ToMonitors(Guid conversationId, ClientEvent e) => Publish(new(HubNodeCall.ToMonitors, conversationId.ToString("N"), e));

    public Task DisconnectUser(string userId) => Publish(new(HubNodeCall.DisconnectUser, userId, null));

    /// <summary>
    /// Subscribes <paramref name="node"/> (a web node) to every published call, handled one at a time in order.
    /// <paramref name="resubscribed"/> runs each time the subscription's connection comes back after it was lost
    /// (StackExchange.Redis subscribes again by itself): whatever was published meanwhile was missed.
    /// </summary>
    public async Task Subscribe(IHubNode node, Action<Exception> failed, Func<Task> resubscribed)
    {
        redis.ConnectionRestored += async (_, restored) =>
        {
            if (restored.ConnectionType != ConnectionType.Subscription)
                return;
            try
            {
                await resubscribed();
            }
            catch (Exception ex)
            {
                failed(ex);
            }
        };
        var queue = await redis.GetSubscriber().SubscribeAsync(Channel);
        queue.OnMessage(async message =>
        {
            try
            {
                await serializer.Deserialize<HubNodeMessage>((byte[])message.Message!)!.DeliverTo(node);
            }
            catch (Exception ex)
            {
                failed(ex);
            }
        });
    }

    private Task Publish(HubNodeMessage message) =>
        redis.GetSubscriber().PublishAsync(Channel, serializer.SerializeToArray(message));
}
