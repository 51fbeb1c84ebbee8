namespace Hotline.Contracts.Conversations;

/// <summary>One conversation, keyed by its id. It owns its status, its ordered messages and its records.</summary>
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>Records a new conversation (status Queued) with the worker's first message, if any.</summary>
    Task<ConversationView> Start(StartConversation request);

    Task<ConversationView> GetView();

    /// <summary>Marks the conversation Offered; false when it is no longer waiting (so the queue drops it).</summary>
    Task<OfferDetails?> Offer(Guid offerId, string counselorId, DateTimeOffset expiresAt);

    /// <summary>Returns an unanswered offer to the queue; a no-op when that offer is no longer current.</summary>
    Task<bool> WithdrawOffer(Guid offerId);

    Task<ConversationView> AcceptOffer(Guid offerId, string counselorId, string counselorName);

    Task<ChatMessage> PostWorkerMessage(string text);

    Task<ChatMessage> PostCounselorMessage(string counselorId, string text);

    /// <summary>The worker leaves: Abandoned while waiting, WrapUp once answered.</summary>
    Task EndByWorker();

    Task EndByCounselor(string counselorId);

    Task SubmitWrapUp(string counselorId, WrapUp wrapUp);

    Task SubmitSurvey(Survey survey);

    /// <summary>The conversation waited past the overflow time: the worker is told the other ways to get help now.</summary>
    Task NoteOverflow();

    /// <summary>Its counsellor is gone: back to the front of its queue, history intact, the worker told why.</summary>
    Task ReturnToQueue(string counselorId);

    Task TransferTo(string counselorId, Transfer transfer);

    /// <summary>The worker's connections, so that a worker who vanishes while waiting is not left in the queue.</summary>
    Task WorkerConnected(string connectionId);

    Task WorkerDisconnected(string connectionId);
}
