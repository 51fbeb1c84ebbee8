using Hotline.Contracts.Conversations;

namespace Hotline.Contracts.Supervision;

/// <summary>A call-back owed after a high-risk conversation: due within 24 hours, owned by its counsellor.</summary>
[GenerateSerializer, Immutable, Alias("hotline.FollowUpTask")]
public sealed record FollowUpTask(Guid TaskId, Guid ConversationId, string CounselorId, RiskLevel RiskLevel, DateTimeOffset CreatedAt, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, bool OverdueAlerted);

/// <summary>Every follow-up task (one, key 0). A reminder wakes it after a restart, so no due time is missed.</summary>
public interface IFollowUpsGrain : IGrainWithIntegerKey
{
    Task<FollowUpTask> Create(Guid conversationId, string counselorId, RiskLevel riskLevel);

    Task Complete(Guid taskId, string counselorId);

    Task<IReadOnlyList<FollowUpTask>> Open();

    Task<IReadOnlyList<FollowUpTask>> OwnedBy(string counselorId);
}
