using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Routing;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.CounselorState")]
public sealed record CounselorState
{
    [Id(0)] public CounselorProfile? Profile { get; set; }
    [Id(1)] public List<Guid> Conversations { get; set; } = [];
    [Id(2)] public List<Guid> AwaitingWrapUp { get; set; } = [];
}

/// <summary>
/// A counsellor. Presence, connections and the pending offer live in memory only: after a restart nobody is
/// connected, so everyone starts Offline and the page sets presence again when it reconnects. Presence is honest:
/// when the last connection has been gone for the grace time, the counsellor goes Offline and their conversations
/// go back to the front of their queues. Kept alive so that presence is never lost to idle collection.
/// </summary>
[KeepAlive]
public sealed class CounselorGrain(
    [PersistentState("counselor")] IPersistentState<CounselorState> state,
    IOptions<RoutingOptions> routingOptions,
    QueueMap queues,
    TimeProvider clock) : Grain, ICounselorGrain
{
    private readonly ConnectionGrace _pages = new();
    private Presence _presence = Presence.Offline;
    private CounselorOffer? _pendingOffer;
    private DateTimeOffset _idleSince;
    private int _missedOffers;

    private string Id => this.GetPrimaryKeyString();
    private CounselorState S => state.State;
    private RoutingOptions Routing => routingOptions.Value;
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
        await Announce();
    }

    public Task<CounselorProfile?> GetProfile() => Task.FromResult(S.Profile);

    public async Task SetPresence(Presence presence)
    {
        if (S.Profile is null)
            throw new HotlineException("This account has no counsellor profile, so it cannot take conversations. Ask an admin to add one.");
        if (!Enum.IsDefined(presence))
            throw new HotlineException("Presence must be Available, Away or Offline.");
        _presence = presence;
        _missedOffers = 0;
        if (presence != Presence.Available && _pendingOffer is { } offer)
            await GiveBack(offer);
        await Announce();
    }

    public Task<CounselorStatus> GetStatus() =>
        Task.FromResult(new CounselorStatus(_presence, S.Conversations.ToList(), _pendingOffer));

    public Task Connected(string connectionId)
    {
        _pages.Connected(connectionId);
        return Task.CompletedTask;
    }

    public Task Disconnected(string connectionId)
    {
        _pages.Disconnected(connectionId, matters: true,
            () => this.RegisterGrainTimer(GoOfflineIfStillGone, TimeSpan.FromSeconds(Routing.DisconnectGraceSeconds), Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

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
        _missedOffers = 0;
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
            await Announce();
            throw;
        }
        _pendingOffer = null;
        S.Conversations.Add(view.ConversationId);
        await state.WriteStateAsync();
        await Announce();
        return view;
    }

    public async Task DeclineOffer(Guid offerId)
    {
        var offer = PendingOfferOrThrow(offerId);
        _missedOffers = 0;
        await GiveBack(offer);
        await Announce();
    }

    public async Task<string> TakeTransfer(Guid conversationId)
    {
        if (S.Profile is null)
            throw new HotlineException($"There is no counsellor '{Id}'. Use their user name.");
        var name = S.Profile.DisplayName;
        if (_presence != Presence.Available || FreeSeats() - (_pendingOffer is null ? 0 : 1) <= 0)
            throw new HotlineException($"{name} is not free to take a transfer now ({(_presence == Presence.Available ? "no free seat" : _presence.ToString())}). Choose someone else, or transfer to a queue.");
        S.Conversations.Add(conversationId);
        await state.WriteStateAsync();
        await Announce();
        return name;
    }

    public async Task<IReadOnlyList<ConversationView>> GetConversations() =>
        await Task.WhenAll(S.Conversations.Concat(S.AwaitingWrapUp).Select(id => GrainFactory.GetGrain<IConversationGrain>(id).GetView()));

    public async Task OfferWithdrawn(Guid offerId)
    {
        if (_pendingOffer?.OfferId != offerId)
            return;
        _pendingOffer = null;
        await Notifier.ToCounselor(Id, ClientEvents.OfferWithdrawn(offerId));
        await Announce();
    }

    public async Task OfferExpired(Guid offerId)
    {
        if (_pendingOffer?.OfferId != offerId)
            return;
        _pendingOffer = null;
        await Notifier.ToCounselor(Id, ClientEvents.OfferWithdrawn(offerId));
        if (++_missedOffers >= Routing.MissedOffersBeforeAway && _presence == Presence.Available)
        {
            // Someone who is not answering must not keep being offered people who are waiting.
            _presence = Presence.Away;
            _missedOffers = 0;
            await Notifier.ToCounselor(Id, ClientEvents.PresenceChanged(Presence.Away, EndReasons.MissedOffers));
        }
        await Announce();
    }

    public async Task ConversationReleased(Guid conversationId)
    {
        if (!S.Conversations.Remove(conversationId))
            return;
        // The seat is free now; the wrap-up is still owed and must survive a page reload or a restart.
        S.AwaitingWrapUp.Add(conversationId);
        await FreedSeat();
    }

    public async Task ConversationHandedOver(Guid conversationId)
    {
        if (S.Conversations.Remove(conversationId))
            await FreedSeat();
    }

    public async Task WrapUpSubmitted(Guid conversationId)
    {
        if (S.AwaitingWrapUp.Remove(conversationId))
            await state.WriteStateAsync();
    }

    private async Task FreedSeat()
    {
        await state.WriteStateAsync();
        if (S.Conversations.Count == 0)
            _idleSince = clock.GetUtcNow();
        await Announce();
    }

    /// <summary>The last page closed and did not come back: Offline, and every held conversation back to its queue.</summary>
    private async Task GoOfflineIfStillGone(CancellationToken cancellationToken)
    {
        _pages.Elapsed();
        if (_pages.AnyConnected)
            return;
        _presence = Presence.Offline;
        if (_pendingOffer is { } offer)
            await GiveBack(offer);
        foreach (var conversationId in S.Conversations.ToList())
            await GrainFactory.GetGrain<IConversationGrain>(conversationId).ReturnToQueue(Id);
        S.Conversations.Clear();
        await state.WriteStateAsync();
        await Announce();
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

    /// <summary>Tells every queue whether this counsellor is on duty and how many seats they can offer now. One-way, so queues may call back.</summary>
    private async Task Announce()
    {
        if (S.Profile is { } me)
        {
            var shown = _presence == Presence.Available && S.Conversations.Count >= me.MaxConcurrentChats ? "Busy" : _presence.ToString();
            await GrainFactory.GetGrain<IStatsGrain>(0).CounselorChanged(new CounselorFigures(Id, me.DisplayName, shown, S.Conversations.Count, me.MaxConcurrentChats));
        }
        foreach (var name in queues.All)
        {
            var queue = GrainFactory.GetGrain<IQueueGrain>(name);
            if (_presence == Presence.Available && S.Profile is { } profile)
                await queue.CounselorOnDuty(new CounselorSeat(Id, _pendingOffer is null ? Math.Max(0, FreeSeats()) : 0,
                    profile.MaxConcurrentChats, S.Conversations.Count, _idleSince, profile.Topics, profile.Languages));
            else
                await queue.CounselorOffDuty(Id);
        }
    }
}
