using Orleans.Concurrency;

namespace Hotline.Contracts.Supervision;

/// <summary>
/// A worker kept from starting chats for a while. It names the conversation it came from, never the worker:
/// the worker's key is a hash and stays inside the grains.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.Block")]
public sealed record Block(Guid BlockId, Guid ConversationId, string BlockedBy, string? Reason, DateTimeOffset At, DateTimeOffset Until);

/// <summary>The lengths a block may be given, in hours: an hour, a day, a week, thirty days.</summary>
public static class BlockLengths
{
    public static readonly IReadOnlyList<int> Hours = [1, 24, 168, 720];
}

/// <summary>The list of blocks (one, key 0), for supervisors to see and lift.</summary>
public interface IBlockListGrain : IGrainWithIntegerKey
{
    Task<Block> Add(string workerKey, Guid conversationId, string blockedBy, string? reason, DateTimeOffset until);

    Task<IReadOnlyList<Block>> Active();

    Task Lift(Guid blockId, string supervisorId);
}
