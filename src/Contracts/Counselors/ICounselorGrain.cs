using Hotline.Contracts.Conversations;
using Orleans.Concurrency;

namespace Hotline.Contracts.Counselors;

/// <summary>A counsellor, keyed by user id. It owns their profile, presence, connections, held conversations and pending offer.</summary>
public interface ICounselorGrain : IGrainWithStringKey
{
    Task SetProfile(CounselorProfile profile);

    Task<CounselorProfile?> GetProfile();

    Task SetPresence(Presence presence);

    Task<CounselorStatus> GetStatus();

    /// <summary>A page connected. Presence is honest: when the last connection has been gone for the grace time, the counsellor is Offline.</summary>
    Task Connected(string connectionId);

    Task Disconnected(string connectionId);

    /// <summary>False when the counsellor cannot take it now (not available, full, or already deciding on an offer).</summary>
    Task<bool> ReceiveOffer(CounselorOffer offer);

    Task<ConversationView> AcceptOffer(Guid offerId);

    Task DeclineOffer(Guid offerId);

    /// <summary>
    /// A colleague hands this counsellor a conversation they hold. Refused with a clear message, and nothing changed,
    /// when this counsellor is not free or the conversation cannot go; otherwise the seat is reserved here first and
    /// the conversation hands itself over (it never awaits a counsellor, so no cycle can form).
    /// </summary>
    Task TakeTransfer(Guid conversationId, string fromCounselorId, string? note);

    /// <summary>A supervisor gives this counsellor an active conversation; refused and nothing changed, as for a transfer.</summary>
    Task TakeReassignment(Guid conversationId, string supervisorId);

    /// <summary>The conversations this counsellor holds, then those whose wrap-up they still owe.</summary>
    Task<IReadOnlyList<ConversationView>> GetConversations();

    /// <summary>The worker left or the conversation was answered elsewhere.</summary>
    [OneWay] Task OfferWithdrawn(Guid offerId);

    /// <summary>The counsellor let the offer run out; too many in a row sets them Away.</summary>
    [OneWay] Task OfferExpired(Guid offerId);

    /// <summary>The conversation ended: the seat is free, the wrap-up is owed.</summary>
    [OneWay] Task ConversationReleased(Guid conversationId);

    /// <summary>The conversation went to another counsellor or queue: the seat is free and no wrap-up is owed here (unless it came back meanwhile).</summary>
    [OneWay] Task ConversationHandedOver(Guid conversationId);

    [OneWay] Task WrapUpSubmitted(Guid conversationId);
}
