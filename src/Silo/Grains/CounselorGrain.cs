using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.CounselorState")]
public sealed record CounselorState
{
    [Id(0)] public CounselorProfile? Profile { get; set; }
    [Id(1)] public List<Guid> Conversations { get; set; } = [];
    [Id(2)] public List<Guid> AwaitingWrapUp { get; set; } = [];
}

/// <summary>
/// A counsellor. Presence and the pending offer live in memory only: after a restart nobody is connected,
/// so everyone starts Offline and the page sets presence again when it reconnects.
/// Kept alive so that presence is never lost to idle collection while the counsellor is on duty.
/// </summary>
[KeepAlive]
public sealed class CounselorGrain(
    [PersistentState("counselor")] IPersistentState<CounselorState> state,
    TimeProvider clock) : Grain, ICounselorGrain
{
    private Presence _presence = Presence.Offline;
    private CounselorOffer? _pendingOffer;
    private DateTimeOffset _idleSince;

    private string Id => this.GetPrimaryKeyString();
    private CounselorState S => state.State;
    private INotifierGrain Notifier => GrainFactory.GetGrain<INotifierGrain>(0);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _idleSince = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public async Task SetProfile(CounselorProfile profile)
    {
        S.Profile = profile;
        await state.WriteStateAsync();
        await AnnounceReadiness();
    }

    public Task<CounselorProfile?> GetProfile() => Task.FromResult(S.Profile);

    public async Task SetPresence(Presence presence)
    {
        if (S.Profile is null)
            throw new HotlineException("This account has no counsellor profile, so it cannot take conversations. Ask an admin to add one.");
        if (!Enum.IsDefined(presence))
            throw new HotlineException("Presence must be Available, Away or Offline.");
        _presence = presence;
        if (presence != Presence.Available && _pendingOffer is { } offer)
            await GiveBack(offer);
        await AnnounceReadiness();
    }

    public Task<CounselorStatus> GetStatus() =>
        Task.FromResult(new CounselorStatus(_presence, S.Conversations.ToList(), _pendingOffer));

    public async Task<bool> ReceiveOffer(CounselorOffer offer)
    {
        if (FreeSeats() <= 0 || _pendingOffer is not null)
            return false;
        _pendingOffer = offer;
        await Notifier.ToCounselor(Id, ClientEvents.OfferReceived(offer, clock.GetUtcNow()));
        return true;
    }

    public async Task<ConversationView> AcceptOffer(Guid offerId)
    {
        var offer = PendingOfferOrThrow(offerId);
        ConversationView view;
        try
        {
            view = await GrainFactory.GetGrain<IConversationGrain>(offer.Details.ConversationId)
                .AcceptOffer(offerId, Id, S.Profile!.DisplayName);
        }
        catch (HotlineException)
        {
            // The conversation moved on (the worker left, or the offer timed out): this offer is gone for good.
            _pendingOffer = null;
            await AnnounceReadiness();
            throw;
        }
        _pendingOffer = null;
        S.Conversations.Add(view.ConversationId);
        await state.WriteStateAsync();
        await AnnounceReadiness();
        return view;
    }

    public async Task DeclineOffer(Guid offerId)
    {
        await GiveBack(PendingOfferOrThrow(offerId));
        await AnnounceReadiness();
    }

    public async Task OfferWithdrawn(Guid offerId)
    {
        if (_pendingOffer?.OfferId != offerId)
            return;
        _pendingOffer = null;
        await Notifier.ToCounselor(Id, ClientEvents.OfferWithdrawn(offerId));
        await AnnounceReadiness();
    }

    public async Task<IReadOnlyList<ConversationView>> GetConversations()
    {
        var views = await Task.WhenAll(S.Conversations.Concat(S.AwaitingWrapUp)
            .Select(id => GrainFactory.GetGrain<IConversationGrain>(id).GetView()));
        return views;
    }

    public async Task ConversationReleased(Guid conversationId)
    {
        if (!S.Conversations.Remove(conversationId))
            return;
        // The seat is free now; the wrap-up is still owed and must survive a page reload or a restart.
        S.AwaitingWrapUp.Add(conversationId);
        await state.WriteStateAsync();
        if (S.Conversations.Count == 0)
            _idleSince = clock.GetUtcNow();
        await AnnounceReadiness();
    }

    public async Task WrapUpSubmitted(Guid conversationId)
    {
        if (S.AwaitingWrapUp.Remove(conversationId))
            await state.WriteStateAsync();
    }

    private async Task GiveBack(CounselorOffer offer)
    {
        _pendingOffer = null;
        await GrainFactory.GetGrain<IQueueGrain>(offer.QueueName).OfferDeclined(offer.OfferId, Id);
        await Notifier.ToCounselor(Id, ClientEvents.OfferWithdrawn(offer.OfferId));
    }

    private CounselorOffer PendingOfferOrThrow(Guid offerId) =>
        _pendingOffer is { } offer && offer.OfferId == offerId
            ? offer
            : throw new HotlineException("This offer is no longer open: it expired, was withdrawn, or was already answered.");

    private int FreeSeats() =>
        _presence == Presence.Available && S.Profile is { } profile ? profile.MaxConcurrentChats - S.Conversations.Count : 0;

    /// <summary>Tells the queue whether this counsellor can take an offer now. One-way, so the queue may call back.</summary>
    private Task AnnounceReadiness()
    {
        var queue = GrainFactory.GetGrain<IQueueGrain>(QueueNames.General);
        return FreeSeats() > 0 && _pendingOffer is null
            ? queue.CounselorReady(new CounselorSeat(Id, FreeSeats(), _idleSince))
            : queue.CounselorNotReady(Id);
    }
}
