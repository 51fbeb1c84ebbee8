using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Lines;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.QueueEntry")]
public sealed record QueueEntry
{
    [Id(0)] public Guid ConversationId { get; set; }
    [Id(1)] public RiskLevel RiskLevel { get; set; }
    [Id(2)] public DateTimeOffset EnqueuedAt { get; set; }
    [Id(3)] public Guid? OfferId { get; set; }
    [Id(4)] public string? OfferedTo { get; set; }
    [Id(5)] public DateTimeOffset? OfferExpiresAt { get; set; }
    [Id(6)] public HashSet<string> PassedBy { get; set; } = [];
    [Id(7)] public string? Topic { get; set; }
    [Id(8)] public string Language { get; set; } = "";
    [Id(9)] public bool Returning { get; set; }
    [Id(10)] public bool Overflowed { get; set; }
    /// <summary>How many lines up the tree it is offered too, beside its own: 1 the parent line, 2 the grandparent too.</summary>
    [Id(11)] public int BackupLevel { get; set; }
    /// <summary>When it is offered one more line up; null once the top line is asked, or for a line with no parent.</summary>
    [Id(12)] public DateTimeOffset? BackupDueAt { get; set; }
}

[GenerateSerializer, Alias("hotline.QueueState")]
public sealed record QueueState
{
    [Id(0)] public List<QueueEntry> Entries { get; set; } = [];
    [Id(1)] public List<double> RecentHandleSeconds { get; set; } = [];
}

/// <summary>
/// A queue of waiting conversations. It owns their order, hands each to one counsellor at a time, takes the offer
/// back when it times out or is declined, and widens the search once a conversation has waited past the overflow
/// time. The roster of on-duty counsellors is a cache that counsellors refresh; who is really free is decided by
/// the counsellor grain when an offer arrives. Kept alive so that the roster and the timers are never dropped.
/// A conversation that its line cannot answer is also offered, as backup, to the counsellors of the lines above,
/// one level at a time (<see cref="StartBackup"/>); it stays here all the while, in its place. The seats of those
/// lines come from their <see cref="LineRosterGrain"/>s, which this queue watches while it needs them.
/// </summary>
[KeepAlive]
public sealed class QueueGrain(
    [PersistentState("queue")] IPersistentState<QueueState> state,
    IOptions<RoutingOptions> routingOptions,
    QueueMap queues,
    LineCatalog lines,
    Referrals referrals,
    HotlineMetrics metrics,
    TimeProvider clock) : Grain, IQueueGrain
{
    /// <summary>At R4, how long its own line has before the parent line is asked too, if that is sooner than the line's own wait.</summary>
    private static readonly TimeSpan R4BackupAfter = TimeSpan.FromSeconds(20);

    /// <summary>How often a queue that needs backup watches its rosters again: this repairs a lost push or a roster that lost its watchers.</summary>
    private static readonly TimeSpan RewatchEvery = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, CounselorSeat> _onDuty = [];
    // The seats each watched ancestor line's roster last pushed, by line; a line is here exactly while it is watched.
    private readonly Dictionary<string, Dictionary<string, CounselorSeat>> _backupSeats = [];
    private IGrainTimer? _rewatchTimer;
    private readonly Dictionary<Guid, IGrainTimer> _timers = [];
    private readonly Dictionary<Guid, QueueStatus> _lastPushed = [];
    private Task _pushing = Task.CompletedTask;
    private bool _pushAgain;
    private SteadyStaffing? _steady;
    private IGrainTimer? _steadyTimer;

    private string Name => this.GetPrimaryKeyString();
    private RoutingOptions Routing => routingOptions.Value;
    private List<QueueEntry> Entries => state.State.Entries;
    private SteadyStaffing Steady => _steady ??= new(TimeSpan.FromSeconds(Routing.PresenceSteadySeconds));
    private string LineId => queues.Parse(Name).Line;
    private IReadOnlyList<Line> Ancestors => lines.AncestorsOf(LineId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Offers, overflow and backup deadlines outlive an activation in storage; timers and watches don't, so set them again.
        foreach (var entry in Entries)
            ArmTimer(entry);
        await Watch();
    }

    public async Task<QueueStatus> Enqueue(WaitingConversation conversation)
    {
        if (Find(conversation.ConversationId) is null)
        {
            if (Entries.Count >= Routing.MaxWaiting)
            {
                var local = lines.LocalReferrals(LineId);
                throw new HotlineException(RefusalCodes.QueueFull, referrals.QueueFull(conversation.Language, local), ("alternatives", referrals.Alternatives(conversation.Language, local)));
            }
            await Add(conversation);
        }
        var status = StatusOf(conversation.ConversationId)!;
        _lastPushed[conversation.ConversationId] = status;
        await Dispatch();
        await PushPositions();
        return StatusOf(conversation.ConversationId) ?? status;
    }

    public async Task Return(WaitingConversation conversation)
    {
        if (Find(conversation.ConversationId) is null)
            await Add(conversation);
        await Dispatch();
        await PushPositions();
    }

    public Task<QueueStatus?> GetStatus(Guid conversationId) => Task.FromResult(StatusOf(conversationId));

    public Task<int> CountWaiting() => Task.FromResult(Entries.Count);

    public async Task Remove(Guid conversationId)
    {
        if (Find(conversationId) is not { } entry)
            return;
        metrics.Abandoned(Name);
        await Drop(entry);
        await PushPositions();
        await Dispatch();
    }

    public async Task OfferAccepted(Guid conversationId, Guid offerId)
    {
        if (Find(conversationId) is not { } entry)
            return;
        if (entry.OfferId == offerId && entry.OfferExpiresAt is { } expiresAt)
            metrics.OfferAccepted(clock.GetUtcNow() - (expiresAt - TimeSpan.FromSeconds(Routing.OfferTimeoutSeconds)));
        metrics.Answered(Name);
        await Drop(entry);
        await PushPositions();
    }

    public async Task OfferDeclined(Guid offerId, string counselorId)
    {
        if (Entries.FirstOrDefault(e => e.OfferId == offerId) is not { } entry)
            return;
        await TakeBack(entry, expired: false);
        await Dispatch();
    }

    public async Task CounselorOnDuty(CounselorSeat seat)
    {
        // Web nodes re-announce every available counsellor at each lease renewal. An unchanged seat changes no
        // estimate, and with thousands waiting, re-estimating every position for each renewal was most of the work.
        var changed = !_onDuty.TryGetValue(seat.CounselorId, out var known) || !SameSeat(known, seat);
        _onDuty[seat.CounselorId] = seat;
        Steady.OnDuty(seat.CounselorId);
        await Dispatch();
        if (changed)
            await PushPositions();
    }

    public async Task CounselorOffDuty(string counselorId)
    {
        if (!_onDuty.Remove(counselorId, out var seat))
            return;
        Steady.OffDuty(seat, clock.GetUtcNow());
        ArmSteadyTimer();
        await PushPositions();
    }

    /// <summary>When someone who left stops counting, the waiting workers hear the estimates (and who is on duty) as they are then.</summary>
    private void ArmSteadyTimer()
    {
        _steadyTimer?.Dispose();
        _steadyTimer = null;
        if (Steady.NextChange is not { } at)
            return;
        var wait = at - clock.GetUtcNow();
        _steadyTimer = this.RegisterGrainTimer(async _ =>
        {
            await PushPositions();
            ArmSteadyTimer();
        }, new GrainTimerCreationOptions { DueTime = wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    public async Task HandleTimeMeasured(double seconds)
    {
        var samples = state.State.RecentHandleSeconds;
        samples.Add(Math.Max(0, seconds));
        if (samples.Count > WaitEstimate.Samples)
            samples.RemoveAt(0);
        await state.WriteStateAsync();
        await PushPositions();
    }

    public async Task RiskRaised(Guid conversationId, RiskLevel riskLevel)
    {
        if (Find(conversationId) is not { } entry || RiskPriority.Of(riskLevel) <= RiskPriority.Of(entry.RiskLevel))
            return;
        entry.RiskLevel = riskLevel;
        if (riskLevel == RiskLevel.R4 && entry.BackupLevel == 0 && entry.BackupDueAt is { } due && clock.GetUtcNow() + R4BackupAfter < due)
        {
            entry.BackupDueAt = clock.GetUtcNow() + R4BackupAfter;
            ArmTimer(entry);
        }
        await state.WriteStateAsync();
        await PushPositions();
        await Dispatch();
    }

    private async Task Add(WaitingConversation conversation)
    {
        var entry = new QueueEntry
        {
            ConversationId = conversation.ConversationId,
            Topic = conversation.Topic,
            Language = conversation.Language,
            RiskLevel = conversation.RiskLevel,
            EnqueuedAt = conversation.EnqueuedAt,
            Returning = conversation.Returning,
        };
        StartBackup(entry);
        Entries.Add(entry);
        await state.WriteStateAsync();
        ArmTimer(entry);
        await Watch();
    }

    /// <summary>
    /// Where an arriving conversation is offered. At its own line only, until its line's BackupAfterSeconds have passed
    /// (20 s at R4, if sooner); at once at the parent line too when its line is closed now or nobody on duty in this
    /// queue speaks its language. Each further BackupAfterSeconds add the next line up, to the top of the tree.
    /// </summary>
    private void StartBackup(QueueEntry entry)
    {
        if (lines.Find(LineId) is not { } line || Ancestors.Count == 0)
            return;
        var now = clock.GetUtcNow();
        var unanswered = !LineCatalog.IsOpen(line, now) || !_onDuty.Values.Any(s => s.Languages.Contains(entry.Language));
        entry.BackupLevel = unanswered ? 1 : 0;
        entry.BackupDueAt = NextBackupAt(entry, unanswered ? now : entry.EnqueuedAt);
    }

    /// <summary>When the level after the entry's present one starts, for a level that started at <paramref name="from"/>; null at the top.</summary>
    private DateTimeOffset? NextBackupAt(QueueEntry entry, DateTimeOffset from)
    {
        if (entry.BackupLevel >= Ancestors.Count || lines.Find(LineId) is not { } line)
            return null;
        var next = from.AddSeconds(line.BackupAfterSeconds);
        return entry.BackupLevel == 0 && entry.RiskLevel == RiskLevel.R4 && from + R4BackupAfter < next ? from + R4BackupAfter : next;
    }

    /// <summary>The next level is counted from when this one was due, so a queue that was down catches up a level per tick.</summary>
    private async Task RaiseBackup(QueueEntry entry, DateTimeOffset dueAt)
    {
        entry.BackupLevel++;
        entry.BackupDueAt = NextBackupAt(entry, dueAt);
        await state.WriteStateAsync();
        await Watch();
    }

    public async Task BackupSeats(string line, IReadOnlyList<CounselorSeat> seats)
    {
        if (!_backupSeats.TryGetValue(line, out var known))
        {
            // Not watched (any more): the Unwatch crossed this push, or was lost. Say it again.
            await Roster(line).Unwatch(Name);
            return;
        }
        // One offer per counsellor at a time: their roster has not heard yet of an offer this queue has open with them.
        var offered = Entries.Where(e => e.OfferedTo is not null).Select(e => e.OfferedTo!).ToHashSet();
        var changed = known.Count != seats.Count || seats.Any(seat => !known.TryGetValue(seat.CounselorId, out var was) || !SameSeat(was, seat));
        known.Clear();
        foreach (var seat in seats)
            known[seat.CounselorId] = offered.Contains(seat.CounselorId) ? seat with { FreeSeats = 0 } : seat;
        await Dispatch();
        // The waiting workers offered to that line count its counsellors in their estimates.
        if (changed)
            await PushPositions();
    }

    /// <summary>Watches the rosters of the lines some waiting conversation here is offered to as backup, and stops watching the others.</summary>
    private async Task Watch()
    {
        var levels = Entries.Count == 0 ? 0 : Entries.Max(e => e.BackupLevel);
        var needed = Ancestors.Take(levels).Select(l => l.Id).ToHashSet();
        foreach (var line in needed.Where(l => !_backupSeats.ContainsKey(l)))
        {
            _backupSeats[line] = [];
            await Roster(line).Watch(Name);
        }
        foreach (var line in _backupSeats.Keys.Where(l => !needed.Contains(l)).ToList())
        {
            _backupSeats.Remove(line);
            await Roster(line).Unwatch(Name);
        }
        if (needed.Count == 0)
        {
            _rewatchTimer?.Dispose();
            _rewatchTimer = null;
        }
        else
        {
            // One-way calls both ways: a Watch or a push may be lost, and a roster may lose its watchers in a crash.
            // Watching again answers with all the seats, so either is repaired within RewatchEvery.
            _rewatchTimer ??= this.RegisterGrainTimer(async _ =>
            {
                foreach (var line in _backupSeats.Keys.ToList())
                    await Roster(line).Watch(Name);
            }, new GrainTimerCreationOptions { DueTime = RewatchEvery, Period = RewatchEvery, KeepAlive = true });
        }
    }

    private ILineRosterGrain Roster(string line) => GrainFactory.GetGrain<ILineRosterGrain>(line);

    /// <summary>Whether two announcements of one seat give the same wait estimates (which use capacity, load and skills).</summary>
    private static bool SameSeat(CounselorSeat a, CounselorSeat b) =>
        a.Capacity == b.Capacity && a.Held == b.Held && a.Topics.SequenceEqual(b.Topics) && a.Languages.SequenceEqual(b.Languages);

    /// <summary>Offers every waiting conversation without an open offer, in queue order.</summary>
    private async Task Dispatch()
    {
        foreach (var entry in Ordered().Where(e => e.OfferId is null))
        {
            // With no seat free, no one can be offered: stop, rather than match every waiting worker against everyone on duty.
            var ownFree = _onDuty.Values.Any(s => s.FreeSeats > 0);
            if (!ownFree && !_backupSeats.Values.Any(seats => seats.Values.Any(s => s.FreeSeats > 0)))
                return;
            if (!ownFree && entry.BackupLevel == 0)
                continue;
            while (entry.OfferId is null && Find(entry.ConversationId) is not null && PickFor(entry) is { } pick)
                await TryOffer(entry, pick.Seat, pick.Line);
        }
    }

    private (CounselorSeat Seat, string Line)? PickFor(QueueEntry entry)
    {
        var need = new OfferNeed(OfferNeed.TopicsFor(entry.Topic, queues.TopicsOf(Name)), entry.Language, entry.Overflowed, entry.PassedBy);
        var pick = Pick(entry, need);
        if (pick is null && entry.PassedBy.Count > 0 && Pick(entry, need with { Excluded = new HashSet<string>() }) is not null)
        {
            // Everyone who could take it has let it go once: ask them again rather than leave it waiting.
            entry.PassedBy.Clear();
            pick = Pick(entry, need);
        }
        return pick;
    }

    /// <summary>Its own line's counsellors first; then, up to its backup level, each line above, nearest first.</summary>
    private (CounselorSeat Seat, string Line)? Pick(QueueEntry entry, OfferNeed need)
    {
        if (OfferMatcher.Pick(_onDuty.Values, need) is { } own)
            return (own, LineId);
        foreach (var line in Ancestors.Take(entry.BackupLevel))
            if (_backupSeats.TryGetValue(line.Id, out var seats) && OfferMatcher.Pick(seats.Values, need) is { } backup)
                return (backup, line.Id);
        return null;
    }

    private async Task TryOffer(QueueEntry entry, CounselorSeat seat, string line)
    {
        // One offer per counsellor at a time: they tell the queue (or their line's roster) when they are free again.
        if (line == LineId)
            _onDuty[seat.CounselorId] = seat with { FreeSeats = 0 };
        else
        {
            _backupSeats[line][seat.CounselorId] = seat with { FreeSeats = 0 };
            metrics.BackupOffered(Ancestors.Select(l => l.Id).ToList().IndexOf(line) + 1);
        }
        var offerId = Guid.NewGuid();
        var expiresAt = clock.GetUtcNow().AddSeconds(Routing.OfferTimeoutSeconds);
        var conversation = GrainFactory.GetGrain<IConversationGrain>(entry.ConversationId);

        if (await conversation.Offer(offerId, seat.CounselorId, expiresAt) is not { } details)
        {
            // The worker left, or it is waiting somewhere else now: it no longer waits here.
            await Drop(entry);
            await PushPositions();
            return;
        }

        var offer = new CounselorOffer(offerId, Name, details, expiresAt, line);
        if (!await GrainFactory.GetGrain<ICounselorGrain>(seat.CounselorId).ReceiveOffer(offer))
        {
            await conversation.WithdrawOffer(offerId);
            return;
        }

        entry.OfferId = offerId;
        entry.OfferedTo = seat.CounselorId;
        entry.OfferExpiresAt = expiresAt;
        await state.WriteStateAsync();
        ArmTimer(entry);
        await PushPositions();
    }

    /// <summary>One timer per entry, for whichever comes next: its offer's expiry; or its overflow deadline or next backup level.</summary>
    private void ArmTimer(QueueEntry entry)
    {
        ForgetTimer(entry.ConversationId);
        DateTimeOffset? overflow = entry.Overflowed ? null : entry.EnqueuedAt.AddSeconds(Routing.OverflowSeconds);
        var due = entry.OfferId is not null ? entry.OfferExpiresAt
            : overflow is { } o && entry.BackupDueAt is { } b ? (o < b ? o : b)
            : overflow ?? entry.BackupDueAt;
        if (due is not { } at)
            return;
        var wait = at - clock.GetUtcNow();
        _timers[entry.ConversationId] = this.RegisterGrainTimer(OnTimer, entry.ConversationId, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
    }

    private async Task OnTimer(Guid conversationId, CancellationToken cancellationToken)
    {
        _timers.Remove(conversationId);
        if (Find(conversationId) is not { } entry)
            return;
        if (entry.OfferId is not null)
        {
            await TakeBack(entry, expired: true);
        }
        else
        {
            var now = clock.GetUtcNow();
            if (!entry.Overflowed && entry.EnqueuedAt.AddSeconds(Routing.OverflowSeconds) <= now)
            {
                entry.Overflowed = true;
                await state.WriteStateAsync();
                await GrainFactory.GetGrain<IConversationGrain>(conversationId).NoteOverflow(StatusOf(conversationId)?.CounselorsOnDuty == 0);
            }
            if (entry.BackupDueAt is { } backupAt && backupAt <= now)
                await RaiseBackup(entry, backupAt);
            if (Find(conversationId) is not null)
                ArmTimer(entry);
        }
        await Dispatch();
    }

    /// <summary>Takes an unanswered offer back: the conversation waits again and that counsellor is asked last.</summary>
    private async Task TakeBack(QueueEntry entry, bool expired)
    {
        var offerId = entry.OfferId!.Value;
        var counselorId = entry.OfferedTo!;
        var conversation = GrainFactory.GetGrain<IConversationGrain>(entry.ConversationId);
        if (!await conversation.WithdrawOffer(offerId))
        {
            // Accepted or ended meanwhile. The conversation says so one-way, and that call can be lost: ask it.
            if ((await conversation.GetSummary())?.Status != ConversationStatus.Queued)
            {
                await Drop(entry);
                await PushPositions();
                return;
            }
        }
        entry.OfferId = null;
        entry.OfferedTo = null;
        entry.OfferExpiresAt = null;
        entry.PassedBy.Add(counselorId);
        await state.WriteStateAsync();
        ArmTimer(entry);
        if (expired)
            await GrainFactory.GetGrain<ICounselorGrain>(counselorId).OfferExpired(offerId);
    }

    private async Task Drop(QueueEntry entry)
    {
        ForgetTimer(entry.ConversationId);
        Entries.Remove(entry);
        _lastPushed.Remove(entry.ConversationId);
        await state.WriteStateAsync();
        await Watch();
    }

    private void ForgetTimer(Guid conversationId)
    {
        if (_timers.Remove(conversationId, out var timer))
            timer.Dispose();
    }

    /// <summary>
    /// Tells the supervisors' figures what waits here, and each waiting worker whose position or estimate moved. The
    /// queue's turn never waits for the workers' deliveries (with thousands waiting, that stopped every offer during a
    /// surge): the notifier's calls are one-way, so a round is handed over at once. A call still unsent when the next
    /// change comes (an outgoing call filter may hold it) makes that change one more round, worked out from the queue as
    /// it is then. One whose delivery failed is told again in the round after the next change; one lost unseen hears
    /// the next change. QueueUpdated carries no order of its own: a link that reordered events would leave a worker
    /// with an older place until the next change.
    /// </summary>
    private async Task PushPositions()
    {
        metrics.Waiting(Name, Entries.Count);
        await GrainFactory.GetGrain<IStatsGrain>(0).QueueChanged(new QueueLive(
            Name, Entries.Count, Entries.Count == 0 ? null : Entries.Min(e => e.EnqueuedAt), Entries.Count(e => e.OfferId is not null)));
        if (_pushing.IsCompleted)
            _pushing = PushRounds();
        else
            _pushAgain = true;
    }

    private async Task PushRounds()
    {
        var notifier = GrainFactory.GetGrain<INotifierGrain>(0);
        do
        {
            _pushAgain = false;
            await Task.WhenAll(MovedPositions().Select(moved => TellWorker(notifier, moved.ConversationId, moved.Status)));
        }
        while (_pushAgain);
    }

    /// <summary>The waiting workers whose position or estimate differs from what they were last told, noted as told.</summary>
    private List<(Guid ConversationId, QueueStatus Status)> MovedPositions()
    {
        var ordered = Ordered();
        var estimate = Estimator();
        var moved = new List<(Guid, QueueStatus)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            // An offered worker may already be answered (the queue hears so one-way): never tell them they wait.
            if (ordered[i].OfferId is not null)
                continue;
            var (id, status) = (ordered[i].ConversationId, estimate(i + 1, ordered[i].BackupLevel));
            if (_lastPushed.TryGetValue(id, out var last) && last == status)
                continue;
            _lastPushed[id] = status;
            moved.Add((id, status));
        }
        return moved;
    }

    private async Task TellWorker(INotifierGrain notifier, Guid conversationId, QueueStatus status)
    {
        try
        {
            await notifier.ToWorker(conversationId, ClientEvents.QueueUpdated(status));
        }
        catch (Exception)
        {
            // Not delivered (the notifier logs why): forget it was told, so the round after the next change tells them again.
            if (_lastPushed.TryGetValue(conversationId, out var last) && last == status)
                _lastPushed.Remove(conversationId);
        }
    }

    private QueueStatus? StatusOf(Guid conversationId)
    {
        var ordered = Ordered();
        var index = ordered.FindIndex(e => e.ConversationId == conversationId);
        return index < 0 ? null : Estimator()(index + 1, ordered[index].BackupLevel);
    }

    /// <summary>Estimates by position and backup level. The counsellors serving this queue are summed once, not once per
    /// waiting worker: with thousands waiting, per-position sums made each queue change cost waiting × on duty. Who
    /// counts is steady against presence noise (<see cref="SteadyStaffing"/>). A worker offered to the lines above as
    /// well counts their counsellors too: they are not alone with "nobody on duty" while the province can answer.</summary>
    private Func<int, int, QueueStatus> Estimator()
    {
        var language = queues.LanguageOf(Name);
        var topics = queues.TopicsOf(Name);
        var byLevel = new List<List<CounselorSeat>> { Steady.Counted(_onDuty.Values, clock.GetUtcNow()).Where(s => OfferMatcher.Serves(s, topics, language)).ToList() };
        foreach (var line in Ancestors)
            byLevel.Add([.. byLevel[^1], .. _backupSeats.TryGetValue(line.Id, out var seats) ? seats.Values.Where(s => OfferMatcher.Serves(s, topics, language)) : []]);
        var handleSeconds = state.State.RecentHandleSeconds;
        return (position, backupLevel) =>
        {
            var serving = byLevel[Math.Min(backupLevel, byLevel.Count - 1)];
            var free = serving.Sum(s => s.Capacity - s.Held);
            var capacity = serving.Sum(s => s.Capacity);
            return new QueueStatus(position, WaitEstimate.Seconds(position, free, capacity, handleSeconds, Routing.DefaultHandleSeconds), serving.Count);
        };
    }

    private List<QueueEntry> Ordered() => Entries
        .OrderByDescending(e => RiskPriority.Of(e.RiskLevel))
        .ThenByDescending(e => e.Returning)
        .ThenBy(e => e.EnqueuedAt)
        .ToList();

    private QueueEntry? Find(Guid conversationId) => Entries.FirstOrDefault(e => e.ConversationId == conversationId);
}
