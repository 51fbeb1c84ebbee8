using Hotline.Contracts.Conversations;
using Orleans.Concurrency;

namespace Hotline.Contracts.Supervision;

[GenerateSerializer, Immutable, Alias("hotline.QueueFigures")]
public sealed record QueueFigures(string Queue, int Waiting, int LongestWaitSeconds, int Offered, int AnsweredToday, int AbandonedToday);

/// <param name="Lines">The lines the counsellor serves (null: from before lines, the default line).</param>
[GenerateSerializer, Immutable, Alias("hotline.CounselorFigures")]
public sealed record CounselorFigures(string CounselorId, string DisplayName, string Presence, int Held, int Cap, IReadOnlyList<string>? Lines = null);

/// <param name="Line">The conversation's line.</param>
/// <param name="AnsweredByLine">The line whose counsellor first answered it: <paramref name="Line"/>, or a line above it that answered as backup.</param>
[GenerateSerializer, Immutable, Alias("hotline.ActiveConversationFigures")]
public sealed record ActiveConversationFigures(Guid ConversationId, string Topic, RiskLevel RiskLevel, DateTimeOffset AnsweredAt, int DurationSeconds, string? CounselorId, string? CounselorName,
    string? Line = null, string? AnsweredByLine = null);

/// <summary>
/// Today (in the hotline's time zone). Service level: answered within the target, over answered plus abandoned. A
/// ratio or average with nothing to divide (no contact yet) is null, not 100% or 0: the console shows "—".
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.TodayFigures")]
public sealed record TodayFigures(int Arrived, int Answered, int Abandoned, double? ServiceLevel, int ServiceLevelSeconds, double? AverageSpeedToAnswerSeconds, double? AbandonmentRate, double? AverageHandleSeconds);

/// <summary>
/// One line's measures today (988's): its contacts answered (by its own counsellors, or by a line above it as backup)
/// and abandoned, the average speed to answer (null with nothing answered), and in how many of today's hours it was
/// open with fewer counsellors on duty than its minimum seats, as counsellors reported their presence.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.LineDayFigures")]
public sealed record LineDayFigures(string Line, int Answered, int AnsweredInLine, int AnsweredByBackup, int Abandoned, double? AverageSpeedToAnswerSeconds, int HoursBelowMinimumSeats)
{
    /// <summary>Answered by the line itself over answered (the 988 goal: above 90%); null with nothing answered.</summary>
    public double? InLineAnswerRate => Answered == 0 ? null : (double)AnsweredInLine / Answered;
}

[GenerateSerializer, Immutable, Alias("hotline.StaffingFigures")]
public sealed record StaffingFigures(int ArrivalsLastHour, double HandleSeconds, double ChatsPerCounselor, double ServiceLevelGoal, int CounselorsNeeded, int OnDuty);

[GenerateSerializer, Immutable, Alias("hotline.HistoryBucket")]
public sealed record HistoryBucket(DateTimeOffset Start, int Arrived, int Answered, int AnsweredWithinTarget, int Abandoned, int MaxWaiting);

/// <summary>What the supervisor view shows, pushed as StatsUpdated and served by GET /api/supervisor/stats.</summary>
[GenerateSerializer, Immutable, Alias("hotline.StatsSnapshot")]
public sealed record StatsSnapshot(
    DateTimeOffset At,
    IReadOnlyList<QueueFigures> Queues,
    IReadOnlyDictionary<string, int> CounselorsByPresence,
    IReadOnlyList<CounselorFigures> Counselors,
    IReadOnlyList<ActiveConversationFigures> ActiveConversations,
    TodayFigures Today,
    StaffingFigures Staffing,
    IReadOnlyList<HistoryBucket> History,
    IReadOnlyList<LineDayFigures>? Lines = null);

/// <summary>A queue's live figures, as the queue reports them.</summary>
[GenerateSerializer, Immutable, Alias("hotline.QueueLive")]
public sealed record QueueLive(string Queue, int Waiting, DateTimeOffset? OldestEnqueuedAt, int Offered);

/// <summary>
/// The live figures of the whole hotline (one, key 0). Grains report to it one-way as things happen; it keeps
/// today's counts and 24 hours of 15-minute history, and pushes a snapshot to supervisors every 2 s while anything changes.
/// </summary>
public interface IStatsGrain : IGrainWithIntegerKey
{
    Task<StatsSnapshot> GetSnapshot();

    [OneWay] Task QueueChanged(QueueLive queue);

    [OneWay] Task CounselorChanged(CounselorFigures counselor);

    [OneWay] Task Arrived(Guid conversationId, string queue);

    /// <param name="answeringLine">The line of the counsellor who answered (null: the conversation's own line).</param>
    [OneWay] Task Answered(Guid conversationId, string queue, double waitedSeconds, string? answeringLine = null);

    [OneWay] Task Abandoned(Guid conversationId, string queue);

    [OneWay] Task Handled(Guid conversationId, double handleSeconds);

    /// <summary>Puts a conversation on the live list (answered, risk changed, handed over) or takes it off (null).</summary>
    [OneWay] Task ConversationLive(Guid conversationId, ActiveConversationFigures? figures);
}
