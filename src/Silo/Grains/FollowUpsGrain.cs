using System.Globalization;
using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Supervision;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.FollowUpsState")]
public sealed record FollowUpsState
{
    [Id(0)] public List<FollowUpTask> Tasks { get; set; } = [];
}

/// <summary>
/// Follow-up tasks. A due task that is not done raises a supervisor alert. Timing runs on a grain timer (so it
/// follows <see cref="TimeProvider"/>); an Orleans reminder, kept while any task is open, brings the grain back
/// after a restart so the timers are armed again from the stored tasks. Open tasks stay until done; a done one is
/// dropped <see cref="RetentionOptions.CompletedFollowUpDays"/> after it was done, at the next write, so the stored
/// list holds the open tasks and a bounded tail of done ones (nothing reads done tasks; reports come from contact logs).
/// </summary>
public sealed class FollowUpsGrain(
    [PersistentState("follow-ups")] IPersistentState<FollowUpsState> state,
    ILogger<FollowUpsGrain> logger,
    IOptions<RetentionOptions> retentionOptions,
    TimeProvider clock) : Grain, IFollowUpsGrain, IRemindable
{
    public static readonly TimeSpan DueWithin = TimeSpan.FromHours(24);
    private const string WakeUp = "follow-ups-wake-up";

    private readonly Dictionary<Guid, IGrainTimer> _timers = [];

    private List<FollowUpTask> Tasks => state.State.Tasks;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var task in Tasks.Where(IsPending))
            Arm(task);
        return Task.CompletedTask;
    }

    public async Task<FollowUpTask> Create(Guid conversationId, string counselorId, RiskLevel riskLevel)
    {
        var now = clock.GetUtcNow();
        var task = new FollowUpTask(Guid.NewGuid(), conversationId, counselorId, riskLevel, now, now + DueWithin, null, false);
        Tasks.Add(task);
        DropLongDone();
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(WakeUp, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
        Arm(task);
        return task;
    }

    public async Task Complete(Guid taskId, string counselorId)
    {
        var index = Tasks.FindIndex(t => t.TaskId == taskId);
        if (index < 0)
            throw new HotlineException(RefusalCodes.FollowUpUnknown, "There is no follow-up task with this id.");
        if (Tasks[index].CounselorId != counselorId)
            throw new HotlineException(RefusalCodes.FollowUpNotYours, "This follow-up task belongs to another counsellor.");
        if (Tasks[index].CompletedAt is not null)
            throw new HotlineException(RefusalCodes.FollowUpDone, "This follow-up task is already done.");
        Tasks[index] = Tasks[index] with { CompletedAt = clock.GetUtcNow() };
        DropLongDone();
        await state.WriteStateAsync();
        if (_timers.Remove(taskId, out var timer))
            timer.Dispose();
        if (!Tasks.Any(t => t.CompletedAt is null) && await this.GetReminder(WakeUp) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    public Task<IReadOnlyList<FollowUpTask>> Open() =>
        Task.FromResult<IReadOnlyList<FollowUpTask>>(Tasks.Where(t => t.CompletedAt is null).OrderBy(t => t.DueAt).ToList());

    public Task<IReadOnlyList<FollowUpTask>> OwnedBy(string counselorId) =>
        Task.FromResult<IReadOnlyList<FollowUpTask>>(Tasks.Where(t => t.CompletedAt is null && t.CounselorId == counselorId).OrderBy(t => t.DueAt).ToList());

    /// <summary>The reminder's only job is to have woken the grain; activation re-armed the timers.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private void DropLongDone()
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(retentionOptions.Value.CompletedFollowUpDays);
        Tasks.RemoveAll(t => t.CompletedAt < cutoff);
    }

    private static bool IsPending(FollowUpTask task) => task.CompletedAt is null && !task.OverdueAlerted;

    private void Arm(FollowUpTask task)
    {
        var due = task.DueAt - clock.GetUtcNow();
        _timers[task.TaskId] = this.RegisterGrainTimer(Overdue, task.TaskId, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private async Task Overdue(Guid taskId, CancellationToken cancellationToken)
    {
        _timers.Remove(taskId);
        var index = Tasks.FindIndex(t => t.TaskId == taskId);
        if (index < 0 || !IsPending(Tasks[index]))
            return;
        var task = Tasks[index] = Tasks[index] with { OverdueAlerted = true };
        await state.WriteStateAsync();
        logger.LogWarning("Follow-up {TaskId} for conversation {ConversationId} is overdue.", task.TaskId, task.ConversationId);
        await GrainFactory.GetGrain<IConversationGrain>(task.ConversationId).RaiseAlert(
            AlertReasons.FollowUpOverdue, task.RiskLevel, new Dictionary<string, string> { ["hours"] = DueWithin.TotalHours.ToString(CultureInfo.InvariantCulture) });
    }
}
