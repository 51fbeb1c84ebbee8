namespace Hotline.Contracts.Queues;

/// <summary>Where a waiting conversation stands: 1 is next.</summary>
[GenerateSerializer, Immutable, Alias("hotline.QueueStatus")]
public sealed record QueueStatus(int Position, int EstimatedWaitSeconds);
