namespace Hotline.Contracts.Conversations;

/// <summary>One of a worker's earlier conversations, as their counsellor may read it: no messages, only what the wrap-up recorded.</summary>
[GenerateSerializer, Immutable, Alias("hotline.EarlierConversation")]
public sealed record EarlierConversation(
    Guid ConversationId,
    DateTimeOffset StartedAt,
    Channel Channel,
    string Topic,
    ConversationStatus Status,
    RiskLevel RiskLevel,
    string? Action,
    string? Notes,
    string? CounselorName);

/// <summary>A worker's history for the counsellor holding their conversation; each read is audited.</summary>
public interface ICaseHistoryGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<EarlierConversation>> EarlierThan(Guid conversationId, string counselorId);
}
