using Hotline.Contracts.Conversations;

namespace Hotline.Contracts.Supervision;

/// <summary>
/// A risk alert for supervisors. It stays open until a supervisor acknowledges it, and escalates until then.
/// <paramref name="Reason"/> is one of <see cref="AlertReasons"/>, with its <paramref name="Params"/>: the console words
/// it in its reader's language. <paramref name="CounselorName"/> is null while nobody holds the conversation (it waits
/// in <paramref name="QueueName"/>). <paramref name="Trigger"/> holds worker text, so it goes only to supervisors and
/// never to a log. The fields after <paramref name="AcknowledgedAt"/> came later: an alert stored before has none
/// (<paramref name="Line"/> null: the default line's).
/// </summary>
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
    DateTimeOffset? AcknowledgedAt,
    string? CounselorName = null,
    string? QueueName = null,
    AlertTrigger? Trigger = null,
    IReadOnlyDictionary<string, string>? Params = null,
    string? Line = null);

/// <summary>The risk phrase that matched, as the screen knows it, and the worker's words around it.</summary>
[GenerateSerializer, Immutable, Alias("hotline.AlertTrigger")]
public sealed record AlertTrigger(string Phrase, string Excerpt);

/// <summary>What a conversation reports when supervisors must look at it: see <see cref="Alert"/> for the fields.</summary>
[GenerateSerializer, Immutable, Alias("hotline.RiskRaised")]
public sealed record RiskRaised(
    Guid ConversationId,
    RiskLevel RiskLevel,
    string Reason,
    string? CounselorId,
    string? CounselorName = null,
    string? QueueName = null,
    AlertTrigger? Trigger = null,
    IReadOnlyDictionary<string, string>? Params = null,
    string? Line = null);

/// <summary>Why an alert was raised: stable codes, worded by the pages (words/&lt;lang&gt;/supervisor.js, <c>alertReason.*</c>).</summary>
public static class AlertReasons
{
    /// <summary>Worker text matched a risk phrase (the alert's <see cref="Alert.Trigger"/> says which, and where).</summary>
    public const string ScreeningMatched = "screening.matched";

    /// <summary>The counsellor's wrap-up put the risk higher than screening had.</summary>
    public const string RiskAssessed = "risk.assessed";

    /// <summary>The call-back owed after an R3+ conversation is past its due time (param <c>hours</c>: how long it had).</summary>
    public const string FollowUpOverdue = "follow-up.overdue";

    /// <summary>The worker left an R3/R4 conversation with quick exit (param <c>until</c>: ISO time it stays resumable).</summary>
    public const string LeftInHurry = "left-in-hurry";

    public static readonly IReadOnlyList<string> All = [ScreeningMatched, RiskAssessed, FollowUpOverdue, LeftInHurry];
}
