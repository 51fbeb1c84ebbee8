using Hotline.Contracts.Conversations;
using Orleans.Concurrency;

namespace Hotline.Contracts.Counselors;

/// <summary>A counsellor, keyed by user id. It owns their profile, presence, held conversations and pending offer.</summary>
public interface ICounselorGrain : IGrainWithStringKey
{
    Task SetProfile(CounselorProfile profile);

    Task<CounselorProfile?> GetProfile();

    Task SetPresence(Presence presence);

    Task<CounselorStatus> GetStatus();

    /// <summary>False when the counsellor cannot take it now (not available, full, or already deciding on an offer).</summary>
    Task<bool> ReceiveOffer(CounselorOffer offer);

    Task<ConversationView> AcceptOffer(Guid offerId);

    Task DeclineOffer(Guid offerId);

    [OneWay] Task OfferWithdrawn(Guid offerId);

    /// <summary>The conversations this counsellor holds, then those whose wrap-up they still owe.</summary>
    Task<IReadOnlyList<ConversationView>> GetConversations();

    /// <summary>The conversation ended: the seat is free, the wrap-up is owed.</summary>
    [OneWay] Task ConversationReleased(Guid conversationId);

    [OneWay] Task WrapUpSubmitted(Guid conversationId);
}
