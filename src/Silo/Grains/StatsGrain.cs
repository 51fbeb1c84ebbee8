using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.DayCounts")]
public sealed record DayCounts
{
    [Id(0)] public DateOnly Day { get; set; }
    [Id(1)] public int Arrived { get; set; }
    [Id(2)] public int Answered { get; set; }
    [Id(3)] public int AnsweredWithinTarget { get; set; }
    [Id(4)] public int Abandoned { get; set; }
    [Id(5)] public double WaitedSeconds { get; set; }
    [Id(6)] public int Handled { get; set; }
    [Id(7)] public double HandleSeconds { get; set; }
    [Id(8)] public Dictionary<string, int> AnsweredByQueue { get; set; } = [];
    [Id(9)] public Dictionary<string, int> AbandonedByQueue { get; set; } = [];
}

[GenerateSerializer, Alias("hotline.StatsState")]
public sealed record StatsState
{
    [Id(0)] public DayCounts Today { get; set; } = new();
    [Id(1)] public List<HistoryBucket> History { get; set; } = [];
    [Id(2)] public List<DateTimeOffset> RecentArrivals { get; set; } = [];
    [Id(3)] public List<(DateTimeOffset At, double Seconds)> RecentHandles { get; set; } = [];
}

/// <summary>
/// The supervisor view's figures. Counts (today, 24 h of 15-minute buckets, the last hour for staffing) are
/// persisted; live figures (queues, counsellors, active conversations) are rebuilt from what grains report.
/// A 2 s timer pushes a snapshot to supervisors whenever something changed since the last push.
/// </summary>
[KeepAlive]
public sealed class StatsGrain(
    [PersistentState("stats")] IPersistentState<StatsState> state,
    IOptions<SupervisionOptions> supervisionOptions,
    IOptions<RoutingOptions> routingOptions,
    TimeProvider clock) : Grain, IStatsGrain
{
    private static readonly TimeSpan BucketLength = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PushPeriod = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, QueueLive> _queues = [];
    private readonly Dictionary<string, CounselorFigures> _counselors = [];
    private readonly Dictionary<Guid, ActiveConversationFigures> _active = [];
    private bool _changed;

    private SupervisionOptions Options => supervisionOptions.Value;
    private StatsState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(PushIfChanged, PushPeriod, PushPeriod);
        return Task.CompletedTask;
    }

    public Task<StatsSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task QueueChanged(QueueLive queue)
    {
        _queues[queue.Queue] = queue;
        var bucket = Bucket();
        var waiting = _queues.Values.Sum(q => q.Waiting);
        if (waiting > S.History[bucket].MaxWaiting)
            S.History[bucket] = S.History[bucket] with { MaxWaiting = waiting };
        return Changed(persist: false);
    }

    public Task CounselorChanged(CounselorFigures counselor)
    {
        _counselors[counselor.CounselorId] = counselor;
        return Changed(persist: false);
    }

    public Task Arrived(Guid conversationId, string queue)
    {
        var today = Today();
        today.Arrived++;
        var bucket = Bucket();
        S.History[bucket] = S.History[bucket] with { Arrived = S.History[bucket].Arrived + 1 };
        S.RecentArrivals.Add(clock.GetUtcNow());
        return Changed(persist: true);
    }

    public Task Answered(Guid conversationId, string queue, double waitedSeconds)
    {
        var today = Today();
        var within = waitedSeconds <= Options.ServiceLevelSeconds;
        today.Answered++;
        today.WaitedSeconds += waitedSeconds;
        today.AnsweredByQueue[queue] = today.AnsweredByQueue.GetValueOrDefault(queue) + 1;
        if (within)
            today.AnsweredWithinTarget++;
        var bucket = Bucket();
        S.History[bucket] = S.History[bucket] with
        {
            Answered = S.History[bucket].Answered + 1,
            AnsweredWithinTarget = S.History[bucket].AnsweredWithinTarget + (within ? 1 : 0),
        };
        return Changed(persist: true);
    }

    public Task Abandoned(Guid conversationId, string queue)
    {
        var today = Today();
        today.Abandoned++;
        today.AbandonedByQueue[queue] = today.AbandonedByQueue.GetValueOrDefault(queue) + 1;
        var bucket = Bucket();
        S.History[bucket] = S.History[bucket] with { Abandoned = S.History[bucket].Abandoned + 1 };
        return Changed(persist: true);
    }

    public Task Handled(Guid conversationId, double handleSeconds)
    {
        var today = Today();
        today.Handled++;
        today.HandleSeconds += handleSeconds;
        S.RecentHandles.Add((clock.GetUtcNow(), handleSeconds));
        return Changed(persist: true);
    }

    public Task ConversationLive(Guid conversationId, ActiveConversationFigures? figures)
    {
        if (figures is null)
            _active.Remove(conversationId);
        else
            _active[conversationId] = figures;
        return Changed(persist: false);
    }

    private async Task Changed(bool persist)
    {
        _changed = true;
        if (persist)
            await state.WriteStateAsync();
    }

    private async Task PushIfChanged(CancellationToken cancellationToken)
    {
        // Durations grow by themselves while conversations are active, so those count as a change too.
        if (!_changed && _active.Count == 0)
            return;
        _changed = false;
        await GrainFactory.GetGrain<INotifierGrain>(0).ToSupervisors(ClientEvents.StatsUpdated(Snapshot()));
    }

    private StatsSnapshot Snapshot()
    {
        var now = clock.GetUtcNow();
        var today = Today();
        Bucket();
        var queues = _queues.Values.OrderBy(q => q.Queue).Select(q => new QueueFigures(
            q.Queue, q.Waiting, q.OldestEnqueuedAt is { } oldest ? (int)(now - oldest).TotalSeconds : 0, q.Offered,
            today.AnsweredByQueue.GetValueOrDefault(q.Queue), today.AbandonedByQueue.GetValueOrDefault(q.Queue))).ToList();
        var counselors = _counselors.Values.OrderBy(c => c.DisplayName).ToList();
        var byPresence = new[] { "Available", "Busy", "Away", "Offline" }.ToDictionary(p => p, p => counselors.Count(c => c.Presence == p));
        var active = _active.Values.OrderByDescending(a => Routing.RiskPriority.Of(a.RiskLevel)).ThenBy(a => a.AnsweredAt)
            .Select(a => a with { DurationSeconds = (int)(now - a.AnsweredAt).TotalSeconds }).ToList();
        var offered = today.Answered + today.Abandoned;
        var figures = new TodayFigures(
            today.Arrived, today.Answered, today.Abandoned,
            offered == 0 ? 1 : (double)today.AnsweredWithinTarget / offered, Options.ServiceLevelSeconds,
            today.Answered == 0 ? 0 : today.WaitedSeconds / today.Answered,
            offered == 0 ? 0 : (double)today.Abandoned / offered,
            today.Handled == 0 ? 0 : today.HandleSeconds / today.Handled);
        return new StatsSnapshot(now, queues, byPresence, counselors, active, figures, Staffing(now, counselors, figures), S.History.ToList());
    }

    /// <summary>Erlang C on the last hour's measured arrivals and handle time, with the on-duty counsellors' mean cap as chats per counsellor.</summary>
    private StaffingFigures Staffing(DateTimeOffset now, IReadOnlyList<CounselorFigures> counselors, TodayFigures today)
    {
        S.RecentArrivals.RemoveAll(at => now - at > TimeSpan.FromHours(1));
        S.RecentHandles.RemoveAll(h => now - h.At > TimeSpan.FromHours(1));
        var handle = S.RecentHandles.Count > 0 ? S.RecentHandles.Average(h => h.Seconds)
            : today.AverageHandleSeconds > 0 ? today.AverageHandleSeconds
            : routingOptions.Value.DefaultHandleSeconds;
        var onDuty = counselors.Where(c => c.Presence is "Available" or "Busy").ToList();
        var chatsPerCounselor = onDuty.Count > 0 ? onDuty.Average(c => c.Cap) : 1;
        var needed = ErlangC.CounselorsNeeded(S.RecentArrivals.Count, handle, Options.ServiceLevelSeconds, Options.ServiceLevelGoal, chatsPerCounselor);
        return new StaffingFigures(S.RecentArrivals.Count, Math.Round(handle, 1), Math.Round(chatsPerCounselor, 2), Options.ServiceLevelGoal, needed, onDuty.Count);
    }

    /// <summary>Today's counts, started afresh when the day (in the hotline's time zone) turns.</summary>
    private DayCounts Today()
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(Options.UtcOffsetHours)).DateTime);
        if (S.Today.Day != day)
            S.Today = new DayCounts { Day = day };
        return S.Today;
    }

    /// <summary>The index of the current 15-minute bucket, adding buckets up to now and keeping 24 hours.</summary>
    private int Bucket()
    {
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % BucketLength.Ticks, TimeSpan.Zero);
        if (S.History.Count == 0 || S.History[^1].Start < start)
        {
            var next = S.History.Count == 0 ? start : S.History[^1].Start + BucketLength;
            if (start - next > TimeSpan.FromHours(24))
                next = start - TimeSpan.FromHours(24) + BucketLength;
            for (; next <= start; next += BucketLength)
                S.History.Add(new HistoryBucket(next, 0, 0, 0, 0, 0));
            S.History.RemoveAll(b => b.Start <= start - TimeSpan.FromHours(24));
        }
        return S.History.Count - 1;
    }
}
