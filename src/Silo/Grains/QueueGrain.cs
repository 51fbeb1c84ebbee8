using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Supervision;
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
/// </summary>
[KeepAlive]
public sealed class QueueGrain(
    [PersistentState("queue")] IPersistentState<QueueState> state,
    IOptions<RoutingOptions> routingOptions,
    QueueMap queues,
    Referrals referrals,
    HotlineMetrics metrics,
    TimeProvider clock) : Grain, IQueueGrain
{
    private readonly Dictionary<string, CounselorSeat> _onDuty = [];
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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Offers and overflow deadlines outlive an activation in storage; timers don't, so arm them again.
        foreach (var entry in Entries)
            ArmTimer(entry);
        return Task.CompletedTask;
    }

    public async Task<QueueStatus> Enqueue(WaitingConversation conversation)
    {
        if (Find(conversation.ConversationId) is null)
        {
            if (Entries.Count >= Routing.MaxWaiting)
                throw new HotlineException(RefusalCodes.QueueFull, referrals.QueueFull(conversation.Language), ("alternatives", referrals.Alternatives(conversation.Language)));
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
        Entries.Add(entry);
        await state.WriteStateAsync();
        ArmTimer(entry);
    }

    /// <summary>Whether two announcements of one seat give the same wait estimates (which use capacity, load and skills).</summary>
    private static bool SameSeat(CounselorSeat a, CounselorSeat b) =>
        a.Capacity == b.Capacity && a.Held == b.Held && a.Topics.SequenceEqual(b.Topics) && a.Languages.SequenceEqual(b.Languages);

    /// <summary>Offers every waiting conversation without an open offer, in queue order.</summary>
    private async Task Dispatch()
    {
        foreach (var entry in Ordered().Where(e => e.OfferId is null))
        {
            // With no seat free, no one can be offered: stop, rather than match every waiting worker against everyone on duty.
            if (!_onDuty.Values.Any(s => s.FreeSeats > 0))
                return;
            while (entry.OfferId is null && Find(entry.ConversationId) is not null && PickFor(entry) is { } seat)
                await TryOffer(entry, seat);
        }
    }

    private CounselorSeat? PickFor(QueueEntry entry)
    {
        var need = new OfferNeed(OfferNeed.TopicsFor(entry.Topic, queues.TopicsOf(Name)), entry.Language, entry.Overflowed, entry.PassedBy);
        var pick = OfferMatcher.Pick(_onDuty.Values, need);
        if (pick is null && entry.PassedBy.Count > 0 && OfferMatcher.Pick(_onDuty.Values, need with { Excluded = new HashSet<string>() }) is not null)
        {
            // Everyone who could take it has let it go once: ask them again rather than leave it waiting.
            entry.PassedBy.Clear();
            pick = OfferMatcher.Pick(_onDuty.Values, need);
        }
        return pick;
    }

    private async Task TryOffer(QueueEntry entry, CounselorSeat seat)
    {
        // One offer per counsellor at a time: they tell the queue when they are free again.
        _onDuty[seat.CounselorId] = seat with { FreeSeats = 0 };
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

        var offer = new CounselorOffer(offerId, Name, details, expiresAt);
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

    /// <summary>One timer per entry, for whichever comes next: its offer's expiry, or its overflow deadline.</summary>
    private void ArmTimer(QueueEntry entry)
    {
        ForgetTimer(entry.ConversationId);
        DateTimeOffset? due = entry.OfferId is not null ? entry.OfferExpiresAt
            : entry.Overflowed ? null
            : entry.EnqueuedAt.AddSeconds(Routing.OverflowSeconds);
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
        else if (!entry.Overflowed)
        {
            entry.Overflowed = true;
            await state.WriteStateAsync();
            await GrainFactory.GetGrain<IConversationGrain>(conversationId).NoteOverflow(StatusOf(conversationId)?.CounselorsOnDuty == 0);
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
            var (id, status) = (ordered[i].ConversationId, estimate(i + 1));
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
        var index = Ordered().FindIndex(e => e.ConversationId == conversationId);
        return index < 0 ? null : Estimator()(index + 1);
    }

    /// <summary>Estimates by position. The counsellors serving this queue are summed once, not once per waiting worker:
    /// with thousands waiting, per-position sums made each queue change cost waiting × on duty. Who counts is steady
    /// against presence noise (<see cref="SteadyStaffing"/>).</summary>
    private Func<int, QueueStatus> Estimator()
    {
        var language = queues.LanguageOf(Name);
        var serving = Steady.Counted(_onDuty.Values, clock.GetUtcNow()).Where(s => OfferMatcher.Serves(s, queues.TopicsOf(Name), language)).ToList();
        var free = serving.Sum(s => s.Capacity - s.Held);
        var capacity = serving.Sum(s => s.Capacity);
        var handleSeconds = state.State.RecentHandleSeconds;
        return position => new QueueStatus(position, WaitEstimate.Seconds(position, free, capacity, handleSeconds, Routing.DefaultHandleSeconds), serving.Count);
    }

    private List<QueueEntry> Ordered() => Entries
        .OrderByDescending(e => RiskPriority.Of(e.RiskLevel))
        .ThenByDescending(e => e.Returning)
        .ThenBy(e => e.EnqueuedAt)
        .ToList();

    private QueueEntry? Find(Guid conversationId) => Entries.FirstOrDefault(e => e.ConversationId == conversationId);
}
