using Hotline.Contracts.Conversations;

namespace Hotline.Contracts.Records;

/// <summary>What is kept of a closed conversation: the transcript, the wrap-up, the risk and the survey.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ArchiveRecord")]
public sealed record ArchiveRecord(
    Guid ConversationId,
    Channel Channel,
    string Topic,
    string Language,
    RiskLevel RiskLevel,
    string? CounselorId,
    IReadOnlyList<ChatMessage> Messages,
    WrapUp? WrapUp,
    Survey? Survey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset ClosedAt);

/// <summary>Reads archived records for a person, auditing each read before it is answered.</summary>
public interface IArchiveGrain : IGrainWithIntegerKey
{
    Task<ArchiveRecord> Read(Guid conversationId, string readerId);
}

/// <summary>Deletes records past the retention time (one, key 0), woken daily by a reminder.</summary>
public interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the daily reminder exists; called at start.</summary>
    Task Schedule();

    /// <summary>Deletes what is due now; returns how many records were deleted.</summary>
    Task<int> Run();
}
