namespace Hotline.Contracts.Conversations;

/// <summary>
/// What a participant sees of a conversation when they (re)open it. <see cref="Messages"/> holds the newest
/// <see cref="MaxMessages"/> at most, so a view stays small however long the conversation; a client pages back
/// with GetMessagesAfter. <see cref="Consent"/>: the notice the worker was given and when they agreed (null for a
/// conversation started before consent was recorded). <see cref="Line"/>: the conversation's line;
/// <see cref="AnsweredByLine"/>: the line whose counsellor answered it (a line above it when answered as backup;
/// null before anyone answered, or for a conversation answered before lines existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ConversationView")]
public sealed record ConversationView(
    Guid ConversationId,
    ConversationStatus Status,
    string Topic,
    string Language,
    RiskLevel RiskLevel,
    string? CounselorId,
    string? CounselorName,
    IReadOnlyList<ChatMessage> Messages,
    bool SurveySubmitted,
    string QueueName,
    string? TransferNote,
    ConversationConsent? Consent = null,
    string? Line = null,
    string? AnsweredByLine = null)
{
    public const int MaxMessages = 200;
}
