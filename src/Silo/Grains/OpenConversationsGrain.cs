using Hotline.Contracts.Records;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.OpenConversationsState")]
public sealed record OpenConversationsState
{
    [Id(0)] public Dictionary<Guid, DateTimeOffset> StartedAt { get; set; } = [];
}

/// <summary>
/// The conversations not yet archived. It stays as small as what is open now: a conversation leaves it when it is
/// archived, or when retention ends it. It calls no grain, so it can never take part in a cycle.
/// </summary>
public sealed class OpenConversationsGrain([PersistentState("open-conversations")] IPersistentState<OpenConversationsState> state)
    : Grain, IOpenConversationsGrain
{
    public async Task Opened(Guid conversationId, DateTimeOffset startedAt)
    {
        if (state.State.StartedAt.TryAdd(conversationId, startedAt))
            await state.WriteStateAsync();
    }

    public async Task Archived(Guid conversationId)
    {
        if (state.State.StartedAt.Remove(conversationId))
            await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<Guid>> StartedBefore(DateTimeOffset cutoff) => Task.FromResult<IReadOnlyList<Guid>>(
        state.State.StartedAt.Where(c => c.Value < cutoff).OrderBy(c => c.Value).Select(c => c.Key).ToList());
}
