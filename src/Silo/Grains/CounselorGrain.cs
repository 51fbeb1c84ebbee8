using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Lines;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.CounselorState")]
public sealed record CounselorState
{
    [Id(0)] public CounselorProfile? Profile { get; set; }
    [Id(1)] public List<Guid> Conversations { get; set; } = [];
    [Id(2)] public List<Guid> AwaitingWrapUp { get; set; } = [];
    [Id(3)] public Presence Presence { get; set; } = Presence.Offline;
}

/// <summary>
/// A counsellor. Presence is stored, so a counsellor whose grain moved to another silo after a crash stays on duty;
/// connections and the pending offer live in memory, and web nodes renew the connections they hold. Presence is
/// honest: when the last connection has been gone (closed, or its web node died) for the grace time, the counsellor
/// goes Offline and their conversations go back to the front of their queues. Every renewal also re-announces the
/// counsellor to the queues, whose rosters are in memory, so a queue that lost its roster in a crash is whole again
/// within one renewal. Kept alive so that presence is never lost to idle collection.
/// </summary>
[KeepAlive]
public sealed class CounselorGrain(
    [PersistentState("counselor")] IPersistentState<CounselorState> state,
    IOptions<RoutingOptions> routingOptions,
    QueueMap queues,
    LineCatalog lines,
    ILogger<CounselorGrain> logger,
    TimeProvider clock) : Grain, ICounselorGrain, IRemindable
{
    private const string HandBackReminder = "hand-back";
    private static readonly TimeSpan HandBackRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HandBackReminderPeriod = TimeSpan.FromMinutes(1);

    private ConnectionGrace _pages = null!;
    private CounselorOffer? _pendingOffer;
    private DateTimeOffset _idleSince;
    private IGrainTimer? _handBackRetry;
    private bool _handBackReminderKept;
    private int _missedOffers;

    private string Id => this.GetPrimaryKeyString();
    private CounselorState S => state.State;
    private RoutingOptions Routing => routingOptions.Value;
    private INotifierGrain Notifier => GrainFactory.GetGrain<INotifierGrain>(0);

    private IConversationGrain Conversation(Guid id) => GrainFactory.GetGrain<IConversationGrain>(id);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _idleSince = clock.GetUtcNow();
        _pages = new ConnectionGrace(this, clock, Routing, matters: () => true, allGone: GoOffline);
        if (S.Presence != Presence.Offline || S.Conversations.Count > 0)
        {
            // Back after a restart: pages that are still open say so at their node's next renewal. One still holding
            // conversations counts even when Offline (a hand-back that the restart cut short): if no page is renewed,
            // the grace time runs and they go back to their queues.
            _pages.AwaitRenewals();
            if (S.Presence != Presence.Offline)
                await Announce();
        }
    }

    public async Task SetProfile(CounselorProfile profile)
    {
        // Off duty at the lines they no longer serve, before they are on duty at the new ones.
        var left = LinesOf(S.Profile).Except(LinesOf(profile)).ToList();
        S.Profile = profile;
        await state.WriteStateAsync();
        foreach (var queue in left.SelectMany(queues.Of))
            await GrainFactory.GetGrain<IQueueGrain>(queue).CounselorOffDuty(Id);
        foreach (var line in left)
            await GrainFactory.GetGrain<ILineRosterGrain>(line).CounselorOffDuty(Id);
        await Announce();
    }

    public Task<CounselorProfile?> GetProfile() => Task.FromResult(S.Profile);

    public async Task SetPresence(Presence presence)
    {
        if (S.Profile is null)
            throw new HotlineException(RefusalCodes.CounselorNoProfile, "This account has no counsellor profile, so it cannot take conversations. Ask an admin to add one.");
        if (!Enum.IsDefined(presence))
            throw new HotlineException(RefusalCodes.CounselorBadPresence, "Presence must be Available, Away or Offline.");
        S.Presence = presence;
        await state.WriteStateAsync();
        _missedOffers = 0;
        if (presence != Presence.Available && _pendingOffer is { } offer)
            await GiveBack(offer);
        await Announce();
    }

    public Task<CounselorStatus> GetStatus() =>
        Task.FromResult(new CounselorStatus(S.Presence, S.Conversations.ToList(), _pendingOffer));

    public async Task Connected(string connectionId)
    {
        _pages.Connected(connectionId);
        if (S.Presence == Presence.Available)
            await Announce();
    }

    public Task Disconnected(string connectionId)
    {
        _pages.Disconnected(connectionId);
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
                .AcceptOffer(offerId, Id, S.Profile!.DisplayName, offer.Line);
        }
        catch (HotlineException)
        {
            // The conversation moved on (the worker left, or the offer timed out): this offer is gone for good.
            _pendingOffer = null;
            await Announce();
            throw;
        }
        _pendingOffer = null;
        if (!S.Conversations.Contains(view.ConversationId))
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

    public Task TakeTransfer(Guid conversationId, string fromCounselorId, string? note) =>
        fromCounselorId == Id
            ? throw new HotlineException(RefusalCodes.TransferToSelf, "You already hold this conversation; choose a colleague or a queue.")
            : Take(conversationId, name => Conversation(conversationId).HandOver(fromCounselorId, Id, name, note));

    public Task TakeReassignment(Guid conversationId, string supervisorId) =>
        Take(conversationId, name => Conversation(conversationId).Reassign(supervisorId, Id, name));

    /// <summary>
    /// The seat is checked and reserved here before the conversation changes hands, and given back if the conversation
    /// refuses. Awaiting the conversation is safe: it never awaits a counsellor.
    /// </summary>
    private async Task Take(Guid conversationId, Func<string, Task> handOver)
    {
        if (S.Profile is null)
            throw new HotlineException(RefusalCodes.CounselorUnknown, "There is no counsellor '{counselor}'. Use their user name.", ("counselor", Id));
        var name = S.Profile.DisplayName;
        // A transfer or reassignment goes only to someone who serves the conversation's line, or a line above it (its backup).
        var line = await GrainFactory.GetGrain<IConversationGrain>(conversationId).GetLine();
        if (!LinesOf(S.Profile).Any(served => lines.Covers(served, line)))
            throw new HotlineException(RefusalCodes.TransferOtherLine, "{name} does not serve this conversation's line. Choose a counsellor of its line, or of a line above it.", ("name", name));
        // Still listed: handed away from here a moment ago, its one-way ConversationHandedOver not in yet. Its seat is still counted.
        var listed = S.Conversations.Contains(conversationId);
        if (S.Presence != Presence.Available || !listed && FreeSeats() - (_pendingOffer is null ? 0 : 1) <= 0)
            throw S.Presence == Presence.Available
                ? new HotlineException(RefusalCodes.TransferNoFreeSeat, "{name} is not free to take a transfer now (no free seat). Choose someone else, or transfer to a queue.", ("name", name))
                : new HotlineException(RefusalCodes.TransferNotAvailable, "{name} is not free to take a transfer now ({presence}). Choose someone else, or transfer to a queue.", ("name", name), ("presence", S.Presence));
        if (!listed)
        {
            S.Conversations.Add(conversationId);
            await state.WriteStateAsync();
        }
        try
        {
            await handOver(name);
        }
        catch when (!listed)
        {
            S.Conversations.Remove(conversationId);
            await state.WriteStateAsync();
            throw;
        }
        await Announce();
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
        if (++_missedOffers >= Routing.MissedOffersBeforeAway && S.Presence == Presence.Available)
        {
            // Someone who is not answering must not keep being offered people who are waiting.
            S.Presence = Presence.Away;
            await state.WriteStateAsync();
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
        if (!S.Conversations.Contains(conversationId))
            return;
        // A late notice must not drop a conversation handed straight back here meanwhile: the conversation decides.
        var now = await Conversation(conversationId).GetCallProgress();
        if (now.Status == ConversationStatus.Active && now.CounselorId == Id)
            return;
        S.Conversations.Remove(conversationId);
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
    private async Task GoOffline()
    {
        S.Presence = Presence.Offline;
        if (_pendingOffer is { } offer)
            await GiveBack(offer);
        await HandBack();
    }

    /// <summary>
    /// Each held conversation goes back to its queue on its own: one that fails holds up no other. The retry is armed
    /// before anything is tried, so that whatever fails here (a conversation, the state's write, the announcement, a
    /// call that times out) is tried again every few seconds until nothing is held.
    /// </summary>
    private async Task HandBack()
    {
        ArmHandBackRetry();
        foreach (var conversationId in S.Conversations.ToList())
        {
            try
            {
                await Conversation(conversationId).ReturnToQueue(Id);
                S.Conversations.Remove(conversationId);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Conversation {ConversationId} could not go back to its queue; trying again.", conversationId);
            }
        }
        await state.WriteStateAsync();
        if (S.Conversations.Count == 0)
            StopHandBackRetry();
        await KeepHandBackReminder(S.Conversations.Count > 0);
        await Announce();
    }

    /// <summary>
    /// A hand-back left unfinished outlives this activation: a silo that stops meanwhile takes the retry timer with it,
    /// and nothing else would wake a counsellor whose pages are gone. The reminder wakes the grain, whose activation
    /// then starts the grace time again (<see cref="OnActivateAsync"/>).
    /// </summary>
    private async Task KeepHandBackReminder(bool needed)
    {
        if (needed == _handBackReminderKept)
            return;
        try
        {
            if (needed)
                await this.RegisterOrUpdateReminder(HandBackReminder, HandBackReminderPeriod, HandBackReminderPeriod);
            else if (await this.GetReminder(HandBackReminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _handBackReminderKept = needed;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The hand-back reminder could not be {Change}; the retry timer still runs.", needed ? "registered" : "removed");
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _handBackReminderKept = true;
        return S.Conversations.Count == 0 ? KeepHandBackReminder(false) : Task.CompletedTask;
    }

    /// <summary>Only while still Offline: a counsellor who came back meanwhile keeps their conversations.</summary>
    private Task RetryHandBack(CancellationToken cancellationToken)
    {
        if (S.Presence == Presence.Offline && S.Conversations.Count > 0)
            return HandBack();
        StopHandBackRetry();
        return Task.CompletedTask;
    }

    private void ArmHandBackRetry() => _handBackRetry ??= this.RegisterGrainTimer(RetryHandBack,
        new GrainTimerCreationOptions { DueTime = HandBackRetry, Period = HandBackRetry, KeepAlive = true });

    private void StopHandBackRetry()
    {
        _handBackRetry?.Dispose();
        _handBackRetry = null;
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
            : throw new HotlineException(RefusalCodes.OfferGone, "This offer is no longer open: it expired, was withdrawn, or was already answered.");

    private int FreeSeats() =>
        S.Presence == Presence.Available && S.Profile is { } profile ? profile.MaxConcurrentChats - S.Conversations.Count : 0;

    private IReadOnlyList<string> LinesOf(CounselorProfile? profile) => lines.Served(profile?.Lines);

    /// <summary>
    /// Tells every queue of their lines, and those lines' rosters (which the lines below watch for backup), whether
    /// this counsellor is on duty and how many seats they can offer now. One-way, so queues and rosters may call back.
    /// </summary>
    private async Task Announce()
    {
        if (S.Profile is { } me)
        {
            var shown = S.Presence == Presence.Available && S.Conversations.Count >= me.MaxConcurrentChats ? "Busy" : S.Presence.ToString();
            await GrainFactory.GetGrain<IStatsGrain>(0).CounselorChanged(new CounselorFigures(Id, me.DisplayName, shown, S.Conversations.Count, me.MaxConcurrentChats, LinesOf(me)));
        }
        var seat = S.Presence == Presence.Available && S.Profile is { } profile
            ? new CounselorSeat(Id, _pendingOffer is null ? Math.Max(0, FreeSeats()) : 0, profile.MaxConcurrentChats, S.Conversations.Count, _idleSince, profile.Topics, profile.Languages)
            : null;
        foreach (var line in LinesOf(S.Profile))
        {
            foreach (var queue in queues.Of(line).Select(name => GrainFactory.GetGrain<IQueueGrain>(name)))
                await (seat is null ? queue.CounselorOffDuty(Id) : queue.CounselorOnDuty(seat));
            var roster = GrainFactory.GetGrain<ILineRosterGrain>(line);
            await (seat is null ? roster.CounselorOffDuty(Id) : roster.CounselorOnDuty(seat));
        }
    }
}
