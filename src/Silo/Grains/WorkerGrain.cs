using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.WorkerState")]
public sealed record WorkerState
{
    [Id(0)] public List<Guid> Conversations { get; set; } = [];
}

/// <summary>
/// A help-seeker, known only by a hash of their resume token. It records which conversations were theirs and
/// starts new ones: conversation first, then its place in the queue, so a failure between the two leaves a
/// conversation that <see cref="GetCurrentConversation"/> puts back in the queue.
/// </summary>
public sealed class WorkerGrain(
    [PersistentState("worker")] IPersistentState<WorkerState> state,
    TimeProvider clock) : Grain, IWorkerGrain
{
    public async Task<StartedChat> StartChat(Guid conversationId, Channel channel, string topic, string language, string? firstMessage)
    {
        if (Current() is { } current)
        {
            var view = await GrainFactory.GetGrain<IConversationGrain>(current).GetView();
            if (view.Status is ConversationStatus.Queued or ConversationStatus.Offered or ConversationStatus.Active)
                throw new HotlineException("A conversation is already open for you. Resume it instead of starting another.");
        }

        var started = await GrainFactory.GetGrain<IConversationGrain>(conversationId)
            .Start(new StartConversation(this.GetPrimaryKeyString(), channel, topic, language, firstMessage));
        state.State.Conversations.Add(conversationId);
        await state.WriteStateAsync();
        var status = await GrainFactory.GetGrain<IQueueGrain>(QueueNames.General)
            .Enqueue(conversationId, started.RiskLevel, clock.GetUtcNow());
        return new StartedChat(conversationId, status.Position, status.EstimatedWaitSeconds);
    }

    public async Task<Guid?> GetCurrentConversation()
    {
        if (Current() is not { } current)
            return null;
        var view = await GrainFactory.GetGrain<IConversationGrain>(current).GetView();
        if (view.Status == ConversationStatus.Queued)
        {
            // Idempotent: a no-op when it is already waiting, a repair if a crash cut StartChat short.
            await GrainFactory.GetGrain<IQueueGrain>(QueueNames.General).Enqueue(current, view.RiskLevel, clock.GetUtcNow());
        }
        return current;
    }

    private Guid? Current() => state.State.Conversations.Count == 0 ? null : state.State.Conversations[^1];
}
