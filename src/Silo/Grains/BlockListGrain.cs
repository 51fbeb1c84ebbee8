using Hotline.Contracts;
using Hotline.Contracts.Supervision;
using Hotline.Contracts.Workers;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.BlockEntry")]
public sealed record BlockEntry([property: Id(0)] Block Block, [property: Id(1)] string WorkerKey);

[GenerateSerializer, Alias("hotline.BlockListState")]
public sealed record BlockListState
{
    [Id(0)] public List<BlockEntry> Blocks { get; set; } = [];
}

/// <summary>Blocks, for supervisors to list and lift. The worker's key stays here, never in what is shown.</summary>
public sealed class BlockListGrain(
    [PersistentState("blocks")] IPersistentState<BlockListState> state,
    TimeProvider clock) : Grain, IBlockListGrain
{
    public async Task<Block> Add(string workerKey, Guid conversationId, string blockedBy, string? reason, DateTimeOffset until)
    {
        var block = new Block(Guid.NewGuid(), conversationId, blockedBy, reason, clock.GetUtcNow(), until);
        state.State.Blocks.RemoveAll(b => b.Block.Until <= clock.GetUtcNow());
        state.State.Blocks.Add(new BlockEntry(block, workerKey));
        await state.WriteStateAsync();
        return block;
    }

    public Task<IReadOnlyList<Block>> Active() =>
        Task.FromResult<IReadOnlyList<Block>>(state.State.Blocks.Select(b => b.Block).Where(b => b.Until > clock.GetUtcNow()).ToList());

    public async Task Lift(Guid blockId, string supervisorId)
    {
        if (state.State.Blocks.FirstOrDefault(b => b.Block.BlockId == blockId) is not { } entry)
            throw new HotlineException(RefusalCodes.BlockUnknown, Refusal.NotFound, "There is no block with this id; it may have been lifted or have run out.");
        await GrainFactory.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(supervisorId, AuditActions.LiftBlock, entry.Block.ConversationId, clock.GetUtcNow()));
        await GrainFactory.GetGrain<IWorkerGrain>(entry.WorkerKey).Unblock();
        state.State.Blocks.Remove(entry);
        await state.WriteStateAsync();
    }
}
