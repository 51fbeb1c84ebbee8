namespace Hotline.Contracts.Conversations;

/// <summary>
/// <paramref name="PhoneNumber"/>: where to text an SMS worker back; the conversation keeps it sealed, never in clear.
/// <paramref name="CallSid"/>: Twilio's id of a voice conversation's live call, to connect it to the counsellor.
/// <paramref name="Consent"/>: the privacy notice the worker was given, and whether they agreed yet.
/// <paramref name="Line"/>: the line the worker came to; null for the default line.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.StartConversation")]
public sealed record StartConversation(string WorkerKey, Channel Channel, string? Topic, string Language, string? FirstMessage, string? PhoneNumber = null, string? CallSid = null,
    ConversationConsent? Consent = null, string? Line = null);

[GenerateSerializer, Immutable, Alias("hotline.WrapUp")]
public sealed record WrapUp(string Topic, RiskLevel RiskLevel, string Action, string? Notes, bool? EmergencyServicesReached = null);

[GenerateSerializer, Immutable, Alias("hotline.Survey")]
public sealed record Survey(int Rating, bool? Helped, string? Comment);

[GenerateSerializer, Immutable, Alias("hotline.TransferRecord")]
public sealed record TransferRecord(string FromCounselorId, string? ToQueue, string? ToCounselorId, string? Note, DateTimeOffset At);

/// <summary>A supervisor's word to the counsellor alone; the worker never sees it.</summary>
[GenerateSerializer, Immutable, Alias("hotline.Whisper")]
public sealed record Whisper(Guid ConversationId, string SupervisorId, string SupervisorName, string Text, DateTimeOffset SentAt);
