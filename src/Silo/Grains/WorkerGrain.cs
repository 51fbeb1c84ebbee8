using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;
using Hotline.Silo.Routing;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.WorkerState")]
public sealed record WorkerState
{
    [Id(0)] public List<Guid> Conversations { get; set; } = [];
    [Id(1)] public DateTimeOffset? BlockedUntil { get; set; }
}

/// <summary>
/// A help-seeker, known only by a hash of their resume token. It records which conversations were theirs and
/// starts new ones: conversation first, then its place in the queue, so a failure between the two leaves a
/// conversation that <see cref="GetCurrentConversation"/> puts back in the queue.
/// </summary>
public sealed class WorkerGrain(
    [PersistentState("worker")] IPersistentState<WorkerState> state,
    IOptions<RoutingOptions> routingOptions,
    QueueMap queues,
    Referrals referrals,
    TimeProvider clock) : Grain, IWorkerGrain
{
    public async Task<StartedChat> StartChat(Guid conversationId, Channel channel, string? topic, string language, string? firstMessage)
    {
        if (state.State.BlockedUntil > clock.GetUtcNow())
            throw new HotlineException(referrals.Unavailable(language));
        if (Current() is { } current)
        {
            var open = await GrainFactory.GetGrain<IConversationGrain>(current).GetView();
            if (open.Status is ConversationStatus.Queued or ConversationStatus.Offered or ConversationStatus.Active)
                throw new HotlineException("A conversation is already open for you. Resume it instead of starting another.");
        }
        var queue = GrainFactory.GetGrain<IQueueGrain>(queues.QueueFor(topic, language));
        if (await queue.CountWaiting() >= routingOptions.Value.MaxWaiting)
            throw new HotlineException(referrals.QueueFull(language));

        var conversation = GrainFactory.GetGrain<IConversationGrain>(conversationId);
        var started = await conversation.Start(new StartConversation(this.GetPrimaryKeyString(), channel, topic, language, firstMessage));
        state.State.Conversations.Add(conversationId);
        await state.WriteStateAsync();
        try
        {
            var status = await queue.Enqueue(Waiting(started));
            return new StartedChat(conversationId, status.Position, status.EstimatedWaitSeconds);
        }
        catch (HotlineException)
        {
            // The queue filled up in the meantime: close the conversation rather than leave it waiting nowhere.
            await conversation.EndByWorker();
            throw;
        }
    }

    public async Task<Guid?> GetCurrentConversation()
    {
        if (Current() is not { } current)
            return null;
        var view = await GrainFactory.GetGrain<IConversationGrain>(current).GetView();
        if (view.Status == ConversationStatus.Queued)
        {
            // Idempotent: a no-op when it is already waiting, a repair if a crash cut StartChat short.
            await GrainFactory.GetGrain<IQueueGrain>(view.QueueName).Return(Waiting(view));
        }
        return current;
    }

    public async Task Block(DateTimeOffset until)
    {
        state.State.BlockedUntil = until;
        await state.WriteStateAsync();
    }

    public Task<bool> IsBlocked() => Task.FromResult(state.State.BlockedUntil > clock.GetUtcNow());

    public async Task Unblock()
    {
        state.State.BlockedUntil = null;
        await state.WriteStateAsync();
    }

    private WaitingConversation Waiting(ConversationView view) =>
        new(view.ConversationId, view.Topic.Length == 0 ? null : view.Topic, view.Language, view.RiskLevel, clock.GetUtcNow(), Returning: false);

    private Guid? Current() => state.State.Conversations.Count == 0 ? null : state.State.Conversations[^1];
}
