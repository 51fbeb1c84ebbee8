using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
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
    /// <summary>Each line's measures today, by line id (none stored before lines were measured: they start afresh).</summary>
    [Id(10)] public Dictionary<string, LineDayCounts> ByLine { get; set; } = [];
}

/// <summary>One line's counts today: contacts of the line, whoever answered them.</summary>
[GenerateSerializer, Alias("hotline.LineDayCounts")]
public sealed record LineDayCounts
{
    [Id(0)] public int Answered { get; set; }
    /// <summary>Answered by a counsellor of a line above it (backup routing).</summary>
    [Id(1)] public int AnsweredByBackup { get; set; }
    [Id(2)] public int Abandoned { get; set; }
    [Id(3)] public double WaitedSeconds { get; set; }
    /// <summary>The hours of today (0–23, the hotline's time zone) in which the line was open with fewer counsellors on duty than its minimum seats.</summary>
    [Id(4)] public HashSet<int> HoursBelowMinimumSeats { get; set; } = [];
}

/// <summary>One minute of the last hour, for the staffing suggestion.</summary>
[GenerateSerializer, Alias("hotline.MinuteCounts")]
public sealed record MinuteCounts
{
    [Id(0)] public DateTimeOffset Start { get; set; }
    [Id(1)] public int Arrived { get; set; }
    [Id(2)] public int Handled { get; set; }
    [Id(3)] public double HandleSeconds { get; set; }
}

[GenerateSerializer, Alias("hotline.StatsState")]
public sealed record StatsState
{
    [Id(0)] public DayCounts Today { get; set; } = new();
    [Id(1)] public List<HistoryBucket> History { get; set; } = [];
    // Ids 2 and 3 held the last hour as lists of times, before it was kept by the minute: not to be reused.
    [Id(4)] public List<MinuteCounts> LastHour { get; set; } = [];
}

/// <summary>
/// The supervisor view's figures. Counts (today, 24 h of 15-minute buckets, the last hour by the minute for
/// staffing) are persisted; live figures (queues, counsellors, active conversations) are rebuilt from what grains
/// report. A 2 s timer stores the counts if they changed, then pushes a snapshot to supervisors if anything changed.
/// The state is a fixed size (at most 96 buckets and 60 minutes), and it is written at most once a tick however
/// busy the line is, not once per arrival, answer and abandonment. The price: a silo that dies without shutting down
/// loses the counts of its last tick (at most 2 s); a grain that deactivates stores them first. Reports do not rest
/// on these counts: they come from the contact logs, which each conversation writes itself.
/// Each tick also marks the current hour of every line that is open with fewer counsellors on duty than its minimum
/// seats, from the presence counsellors report; not in the first lease after activation, while they report again.
/// </summary>
[KeepAlive]
public sealed class StatsGrain(
    [PersistentState("stats")] IPersistentState<StatsState> state,
    IOptions<SupervisionOptions> supervisionOptions,
    IOptions<RoutingOptions> routingOptions,
    LineCatalog lines,
    QueueMap queueMap,
    TimeProvider clock) : Grain, IStatsGrain
{
    private static readonly TimeSpan BucketLength = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan PushPeriod = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, QueueLive> _queues = [];
    private readonly Dictionary<string, CounselorFigures> _counselors = [];
    private readonly Dictionary<Guid, ActiveConversationFigures> _active = [];
    private bool _changed;
    private bool _unsaved;
    // After an activation the counsellors' presence is unknown until their pages' renewals re-announce them.
    private DateTimeOffset _seatsKnownFrom;

    private SupervisionOptions Options => supervisionOptions.Value;
    private StatsState S => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _seatsKnownFrom = clock.GetUtcNow() + TimeSpan.FromSeconds(routingOptions.Value.ConnectionLeaseSeconds);
        this.RegisterGrainTimer(Tick, PushPeriod, PushPeriod);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => SaveIfChanged();

    public Task<StatsSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public Task QueueChanged(QueueLive queue)
    {
        _queues[queue.Queue] = queue;
        var bucket = Bucket();
        var waiting = _queues.Values.Sum(q => q.Waiting);
        var busiest = waiting > S.History[bucket].MaxWaiting;
        if (busiest)
            S.History[bucket] = S.History[bucket] with { MaxWaiting = waiting };
        return Changed(persist: busiest);
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
        Minute().Arrived++;
        return Changed(persist: true);
    }

    public Task Answered(Guid conversationId, string queue, double waitedSeconds, string? answeringLine = null)
    {
        var today = Today();
        var within = waitedSeconds <= Options.ServiceLevelSeconds;
        var line = LineCounts(queue, out var lineId);
        line.Answered++;
        line.WaitedSeconds += waitedSeconds;
        if (answeringLine is not null && answeringLine != lineId)
            line.AnsweredByBackup++;
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
        LineCounts(queue, out _).Abandoned++;
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
        var minute = Minute();
        minute.Handled++;
        minute.HandleSeconds += handleSeconds;
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

    private Task Changed(bool persist)
    {
        _changed = true;
        _unsaved |= persist;
        return Task.CompletedTask;
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        try
        {
            MarkSeatsShort();
            await SaveIfChanged();
        }
        finally
        {
            await PushIfChanged();
        }
    }

    /// <summary>A write that fails leaves the counts marked unsaved, so the next tick tries again.</summary>
    private async Task SaveIfChanged()
    {
        if (!_unsaved)
            return;
        await state.WriteStateAsync();
        _unsaved = false;
    }

    /// <summary>Marks this hour for each line open now with fewer counsellors on duty than its minimum seats.</summary>
    private void MarkSeatsShort()
    {
        var now = clock.GetUtcNow();
        if (now < _seatsKnownFrom)
            return;
        var hour = now.ToOffset(TimeSpan.FromHours(Options.UtcOffsetHours)).Hour;
        foreach (var line in lines.All.Where(line => LineCatalog.IsOpen(line, now) && LineFigures.OnDuty(lines, [line.Id], _counselors.Values) < line.MinimumSeats))
        {
            if (LineCounts(line.Id).HoursBelowMinimumSeats.Add(hour))
                _unsaved = _changed = true;
        }
    }

    private LineDayCounts LineCounts(string queue, out string lineId)
    {
        lineId = queueMap.Parse(queue).Line;
        return LineCounts(lineId);
    }

    private LineDayCounts LineCounts(string lineId)
    {
        var today = Today();
        if (!today.ByLine.TryGetValue(lineId, out var counts))
            today.ByLine[lineId] = counts = new LineDayCounts();
        return counts;
    }

    private async Task PushIfChanged()
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
            offered == 0 ? null : (double)today.AnsweredWithinTarget / offered, Options.ServiceLevelSeconds,
            today.Answered == 0 ? null : today.WaitedSeconds / today.Answered,
            offered == 0 ? null : (double)today.Abandoned / offered,
            today.Handled == 0 ? null : today.HandleSeconds / today.Handled);
        var byLine = lines.All.Select(line => today.ByLine.GetValueOrDefault(line.Id) is { } c
            ? new LineDayFigures(line.Id, c.Answered, c.Answered - c.AnsweredByBackup, c.AnsweredByBackup, c.Abandoned,
                c.Answered == 0 ? null : c.WaitedSeconds / c.Answered, c.HoursBelowMinimumSeats.Count)
            : new LineDayFigures(line.Id, 0, 0, 0, 0, null, 0)).ToList();
        return new StatsSnapshot(now, queues, byPresence, counselors, active, figures, Staffing(now, counselors, figures), S.History.ToList(), byLine);
    }

    /// <summary>Erlang C on the last hour's measured arrivals and handle time, with the on-duty counsellors' mean cap as chats per counsellor.</summary>
    private StaffingFigures Staffing(DateTimeOffset now, IReadOnlyList<CounselorFigures> counselors, TodayFigures today)
    {
        Minute();
        var arrivals = S.LastHour.Sum(m => m.Arrived);
        var handled = S.LastHour.Sum(m => m.Handled);
        var handle = handled > 0 ? S.LastHour.Sum(m => m.HandleSeconds) / handled
            : today.AverageHandleSeconds is > 0 and var measured ? measured
            : routingOptions.Value.DefaultHandleSeconds;
        var onDuty = counselors.Where(c => c.Presence is "Available" or "Busy").ToList();
        var chatsPerCounselor = onDuty.Count > 0 ? onDuty.Average(c => c.Cap) : 1;
        var needed = ErlangC.CounselorsNeeded(arrivals, handle, Options.ServiceLevelSeconds, Options.ServiceLevelGoal, chatsPerCounselor);
        return new StaffingFigures(arrivals, Math.Round(handle, 1), Math.Round(chatsPerCounselor, 2), Options.ServiceLevelGoal, needed, onDuty.Count);
    }

    /// <summary>Today's counts, started afresh when the day (in the hotline's time zone) turns.</summary>
    private DayCounts Today()
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(Options.UtcOffsetHours)).DateTime);
        if (S.Today.Day != day)
            S.Today = new DayCounts { Day = day };
        return S.Today;
    }

    /// <summary>The current minute's counts, dropping minutes that began an hour or more ago.</summary>
    private MinuteCounts Minute()
    {
        var now = clock.GetUtcNow();
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        S.LastHour.RemoveAll(m => m.Start <= now - TimeSpan.FromHours(1));
        if (S.LastHour.Count == 0 || S.LastHour[^1].Start < start)
            S.LastHour.Add(new MinuteCounts { Start = start });
        return S.LastHour[^1];
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
