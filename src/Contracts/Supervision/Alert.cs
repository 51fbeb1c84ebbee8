using Hotline.Contracts.Conversations;

namespace Hotline.Contracts.Supervision;

/// <summary>A risk alert for supervisors. It stays open until a supervisor acknowledges it, and escalates until then.</summary>
[GenerateSerializer, Immutable, Alias("hotline.Alert")]
public sealed record Alert(
    Guid AlertId,
    Guid ConversationId,
    RiskLevel RiskLevel,
    string Reason,
    DateTimeOffset RaisedAt,
    bool Urgent,
    int Escalations,
    string? CounselorId,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt);

/// <summary>What a conversation reports when its risk rises.</summary>
[GenerateSerializer, Immutable, Alias("hotline.RiskRaised")]
public sealed record RiskRaised(Guid ConversationId, RiskLevel RiskLevel, string Reason, string? CounselorId);
