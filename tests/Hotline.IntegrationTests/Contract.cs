namespace Hotline.IntegrationTests;

// The public contract as a client sees it, written out here on purpose: these tests must not share types with the product.
public sealed record StartChatResult(Guid ConversationId, string ResumeToken, int Position, int EstimatedWaitSeconds, int CounselorsOnDuty);

public sealed record ChatMessage(Guid ConversationId, long Seq, string Sender, string Text, DateTimeOffset SentAt, string? ClientMessageId);

public sealed record ConversationTail(Guid ConversationId, string Status, long LastSeq, List<ChatMessage> Messages, string? CounselorName, string? EndReason);

public sealed record ResumeChatResult(Guid ConversationId, string Status, List<ChatMessage> Messages, string? CounselorName, string? EndReason);

public sealed record SendResult(long Seq);

public sealed record QueueUpdated(int Position, int EstimatedWaitSeconds, int CounselorsOnDuty);

public sealed record WorkerLeftInHurry(Guid ConversationId, DateTimeOffset ResumableUntil);

public sealed record WorkerReturned(Guid ConversationId);

public sealed record LeftInHurry(DateTimeOffset? ResumableUntil);

public sealed record CounselorJoined(string DisplayName);

public sealed record ChatEnded(string Reason);

public sealed record OfferReceived(Guid OfferId, Guid ConversationId, string Topic, string RiskLevel, int WaitedSeconds, string Preview, DateTimeOffset ExpiresAt, string Channel,
    string? Line = null, string? AnsweringLine = null);

public sealed record MessageNotDelivered(Guid ConversationId, long Seq, string Reason);

public sealed record OfferWithdrawn(Guid OfferId);

public sealed record ConversationEnded(Guid ConversationId, string Reason);

public sealed record ConversationAssigned(Guid ConversationId, string Status, List<ChatMessage> Messages, string? Note);

public sealed record AcceptResult(Guid ConversationId, string Status, List<ChatMessage> Messages, string Topic, string RiskLevel);

public sealed record Alert(Guid AlertId, Guid ConversationId, string RiskLevel, string Reason, DateTimeOffset RaisedAt, bool Urgent, int Escalations, string? CounselorId, string? AcknowledgedBy,
    string? CounselorName = null, string? QueueName = null, AlertTrigger? Trigger = null, Dictionary<string, string>? Params = null, string? Line = null);

public sealed record AlertTrigger(string Phrase, string Excerpt);

public sealed record Whisper(Guid ConversationId, string SupervisorId, string SupervisorName, string Text, DateTimeOffset SentAt);

public sealed record MonitoredConversation(Guid ConversationId, string Status, List<ChatMessage> Messages, string Topic, string RiskLevel, string? CounselorId, string? CounselorName,
    ConsentSeen? Consent = null);
public sealed record ConsentSeen(string NoticeVersion, string Channel, DateTimeOffset NoticeGivenAt, DateTimeOffset? AgreedAt);

public sealed record FollowUpTask(Guid TaskId, Guid ConversationId, string CounselorId, string RiskLevel, DateTimeOffset DueAt, DateTimeOffset? CompletedAt);
