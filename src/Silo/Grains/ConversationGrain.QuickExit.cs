using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Routing;

namespace Hotline.Silo.Grains;

/// <summary>
/// The worker's side beyond messages: the counsellor's typing hint, and quick exit, which leaves the page at once but
/// keeps the conversation open for a short time, so that someone who fled a room can come back to it.
/// </summary>
public sealed partial class ConversationGrain
{
    private IGrainTimer? _hurryTimer;

    public async Task CounselorTyping(string counselorId)
    {
        EnsureHeldBy(counselorId);
        if (S.Status == ConversationStatus.Active)
            await Notifier.ToWorker(Id, ClientEvents.CounselorTyping());
    }

    public async Task<DateTimeOffset?> LeaveInHurry()
    {
        EnsureExists();
        if (S.Status is not (ConversationStatus.Queued or ConversationStatus.Offered or ConversationStatus.Active))
            return null;
        // A second quick exit (another tab) keeps the first deadline: the time to come back is never stretched.
        if (S.LeftInHurryUntil is { } already)
            return already;
        var until = clock.GetUtcNow().AddSeconds(Limits.QuickExitResumeSeconds);
        S.LeftInHurryUntil = until;
        await Commit();
        ArmHurryTimer();
        if (S.Status == ConversationStatus.Active && S.CounselorId is { } counselorId)
            await Notifier.ToCounselor(counselorId, ClientEvents.WorkerLeftInHurry(Id, until));
        if (RiskPriority.Of(S.RiskLevel) >= RiskPriority.Of(RiskLevel.R3))
            await AlertSupervisors(AlertReasons.LeftInHurry, S.RiskLevel, parameters: new Dictionary<string, string> { ["until"] = until.ToString("O") });
        return until;
    }

    public async Task WorkerResumed()
    {
        EnsureExists();
        if (S.LeftInHurryUntil is null || !IsOpen)
            return;
        S.LeftInHurryUntil = null;
        await Commit();
        _hurryTimer?.Dispose();
        _hurryTimer = null;
        if (S.Status == ConversationStatus.Active && S.CounselorId is { } counselorId)
            await Notifier.ToCounselor(counselorId, ClientEvents.WorkerReturned(Id));
    }

    private bool IsOpen => S.Status is ConversationStatus.Queued or ConversationStatus.Offered or ConversationStatus.Active;

    /// <summary>Armed at the quick exit, and again on activation: the deadline is stored, the timer is not.</summary>
    private void ArmHurryTimer()
    {
        _hurryTimer?.Dispose();
        if (S.LeftInHurryUntil is not { } until)
            return;
        var wait = until - clock.GetUtcNow();
        _hurryTimer = this.RegisterGrainTimer(EndAfterHurry, new GrainTimerCreationOptions
        {
            DueTime = wait < TimeSpan.Zero ? TimeSpan.Zero : wait,
            Period = Timeout.InfiniteTimeSpan,
            KeepAlive = true,
        });
    }

    /// <summary>Nobody came back in time: the conversation ends as if the worker's connection had gone.</summary>
    private async Task EndAfterHurry(CancellationToken cancellationToken)
    {
        _hurryTimer = null;
        if (S.LeftInHurryUntil is null)
            return;
        S.LeftInHurryUntil = null;
        if (!await EndForWorker(EndReasons.WorkerDisconnected))
            await Commit();
    }
}
