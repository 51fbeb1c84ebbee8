using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
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
}

[GenerateSerializer, Alias("hotline.QueueState")]
public sealed record QueueState
{
    [Id(0)] public List<QueueEntry> Entries { get; set; } = [];
    [Id(1)] public List<double> RecentAnswerSeconds { get; set; } = [];
}

/// <summary>
/// A queue of waiting conversations. It owns their order, hands each to one ready counsellor at a time,
/// and takes the offer back when it times out or is declined. The roster of ready counsellors is a cache
/// that counsellors refresh; who is really free is decided by the counsellor grain when an offer arrives.
/// Kept alive so that the roster and the offer timers are never dropped by idle collection.
/// </summary>
[KeepAlive]
public sealed class QueueGrain(
    [PersistentState("queue")] IPersistentState<QueueState> state,
    IOptions<RoutingOptions> routingOptions,
    TimeProvider clock) : Grain, IQueueGrain
{
    private readonly Dictionary<string, CounselorSeat> _ready = [];
    private readonly Dictionary<Guid, IGrainTimer> _offerTimers = [];
    private readonly Dictionary<Guid, QueueStatus> _lastPushed = [];

    private string Name => this.GetPrimaryKeyString();
    private RoutingOptions Routing => routingOptions.Value;
    private List<QueueEntry> Entries => state.State.Entries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Offers outlive an activation in storage; their timers don't, so re-arm them (expired ones fire at once).
        foreach (var entry in Entries.Where(e => e.OfferId is not null))
            ArmOfferTimer(entry);
        return Task.CompletedTask;
    }

    public async Task<QueueStatus> Enqueue(Guid conversationId, RiskLevel riskLevel, DateTimeOffset enqueuedAt)
    {
        if (Find(conversationId) is null)
        {
            Entries.Add(new QueueEntry { ConversationId = conversationId, RiskLevel = riskLevel, EnqueuedAt = enqueuedAt });
            await state.WriteStateAsync();
        }
        var status = StatusOf(conversationId)!;
        _lastPushed[conversationId] = status;
        await Dispatch();
        return StatusOf(conversationId) ?? status;
    }

    public Task<QueueStatus?> GetStatus(Guid conversationId) => Task.FromResult(StatusOf(conversationId));

    public Task<int> CountWaiting() => Task.FromResult(Entries.Count);

    public async Task Remove(Guid conversationId)
    {
        if (Find(conversationId) is not { } entry)
            return;
        await Drop(entry);
        await PushPositions();
        await Dispatch();
    }

    public async Task OfferAccepted(Guid conversationId, Guid offerId)
    {
        if (Find(conversationId) is not { } entry)
            return;
        RecordAnswer(clock.GetUtcNow() - entry.EnqueuedAt);
        await Drop(entry);
        await PushPositions();
    }

    public async Task OfferDeclined(Guid offerId, string counselorId)
    {
        if (Entries.FirstOrDefault(e => e.OfferId == offerId) is not { } entry)
            return;
        await TakeBack(entry, tellCounselor: false);
        await Dispatch();
    }

    public async Task CounselorReady(CounselorSeat seat)
    {
        _ready[seat.CounselorId] = seat;
        await Dispatch();
    }

    public Task CounselorNotReady(string counselorId)
    {
        _ready.Remove(counselorId);
        return Task.CompletedTask;
    }

    /// <summary>Offers every waiting conversation without an open offer, highest risk and longest waiting first.</summary>
    private async Task Dispatch()
    {
        foreach (var entry in Ordered().Where(e => e.OfferId is null).ToList())
        {
            while (entry.OfferId is null && Find(entry.ConversationId) is not null
                   && OfferMatcher.Pick(_ready.Values, entry.PassedBy) is { } seat)
            {
                await TryOffer(entry, seat);
            }
        }
    }

    private async Task TryOffer(QueueEntry entry, CounselorSeat seat)
    {
        // One offer per counsellor at a time: they are ready again when this one is settled.
        _ready.Remove(seat.CounselorId);
        var offerId = Guid.NewGuid();
        var expiresAt = clock.GetUtcNow().AddSeconds(Routing.OfferTimeoutSeconds);
        var conversation = GrainFactory.GetGrain<IConversationGrain>(entry.ConversationId);

        if (await conversation.Offer(offerId, seat.CounselorId, expiresAt) is not { } details)
        {
            // The worker left or the conversation was answered elsewhere: it no longer waits here.
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
        ArmOfferTimer(entry);
    }

    private void ArmOfferTimer(QueueEntry entry)
    {
        var offerId = entry.OfferId!.Value;
        var due = entry.OfferExpiresAt!.Value - clock.GetUtcNow();
        _offerTimers[offerId] = this.RegisterGrainTimer(ExpireOffer, offerId, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private async Task ExpireOffer(Guid offerId, CancellationToken cancellationToken)
    {
        if (Entries.FirstOrDefault(e => e.OfferId == offerId) is not { } entry)
            return;
        await TakeBack(entry, tellCounselor: true);
        await Dispatch();
    }

    /// <summary>Takes an unanswered offer back; the conversation waits again and that counsellor is skipped for it.</summary>
    private async Task TakeBack(QueueEntry entry, bool tellCounselor)
    {
        var offerId = entry.OfferId!.Value;
        var counselorId = entry.OfferedTo!;
        ForgetTimer(offerId);

        var stillOffered = await GrainFactory.GetGrain<IConversationGrain>(entry.ConversationId).WithdrawOffer(offerId);
        if (!stillOffered)
        {
            // It was accepted (or ended) meanwhile; the conversation's own message to the queue settles it.
            return;
        }
        entry.OfferId = null;
        entry.OfferedTo = null;
        entry.OfferExpiresAt = null;
        entry.PassedBy.Add(counselorId);
        await state.WriteStateAsync();
        if (tellCounselor)
            await GrainFactory.GetGrain<ICounselorGrain>(counselorId).OfferWithdrawn(offerId);
    }

    private async Task Drop(QueueEntry entry)
    {
        if (entry.OfferId is { } offerId)
            ForgetTimer(offerId);
        Entries.Remove(entry);
        _lastPushed.Remove(entry.ConversationId);
        await state.WriteStateAsync();
    }

    private void ForgetTimer(Guid offerId)
    {
        if (_offerTimers.Remove(offerId, out var timer))
            timer.Dispose();
    }

    private void RecordAnswer(TimeSpan waited)
    {
        var samples = state.State.RecentAnswerSeconds;
        samples.Add(Math.Max(0, waited.TotalSeconds));
        if (samples.Count > WaitEstimate.Samples)
            samples.RemoveAt(0);
    }

    /// <summary>Tells each waiting worker whose position or estimate moved.</summary>
    private async Task PushPositions()
    {
        var notifier = GrainFactory.GetGrain<INotifierGrain>(0);
        foreach (var entry in Ordered())
        {
            var status = StatusOf(entry.ConversationId)!;
            if (_lastPushed.TryGetValue(entry.ConversationId, out var last) && last == status)
                continue;
            _lastPushed[entry.ConversationId] = status;
            await notifier.ToWorker(entry.ConversationId, ClientEvents.QueueUpdated(status));
        }
    }

    private QueueStatus? StatusOf(Guid conversationId)
    {
        var index = Ordered().FindIndex(e => e.ConversationId == conversationId);
        if (index < 0)
            return null;
        var position = index + 1;
        return new QueueStatus(position, WaitEstimate.Seconds(position, state.State.RecentAnswerSeconds, Routing.DefaultAnswerSeconds));
    }

    private List<QueueEntry> Ordered() =>
        Entries.OrderByDescending(e => e.RiskLevel).ThenBy(e => e.EnqueuedAt).ToList();

    private QueueEntry? Find(Guid conversationId) => Entries.FirstOrDefault(e => e.ConversationId == conversationId);
}
