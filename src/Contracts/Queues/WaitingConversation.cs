using Hotline.Contracts.Conversations;

namespace Hotline.Contracts.Queues;

/// <summary>
/// A conversation joining a queue. <paramref name="Returning"/> marks one that had been answered (its counsellor
/// disconnected, or it was transferred): it goes ahead of others of the same risk.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.WaitingConversation")]
public sealed record WaitingConversation(Guid ConversationId, string? Topic, string Language, RiskLevel RiskLevel, DateTimeOffset EnqueuedAt, bool Returning);
