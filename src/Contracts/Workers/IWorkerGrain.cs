using Hotline.Contracts.Conversations;
using Hotline.Contracts.Phone;

namespace Hotline.Contracts.Workers;

/// <summary>
/// A help-seeker, keyed by a hash of their resume token (or a keyed HMAC of their phone number).
/// It holds only pseudonymous history: which conversations were theirs.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>A web chat; <paramref name="consentVersion"/> is the privacy notice the page showed and the worker agreed to, refused unless it is the current one.</summary>
    Task<StartedChat> StartChat(Guid conversationId, Channel channel, string? topic, string language, string? firstMessage,
        string? consentVersion);

    /// <summary>
    /// A text from this worker (keyed by their number's HMAC): continues their open conversation or starts one. Twilio
    /// retries webhooks, so a MessageSid already seen counts once; STOP ends the conversation and the texts back.
    /// </summary>
    Task<TextReceipt> ReceiveText(InboundText text);

    /// <summary>A call from this worker: a conversation with channel voice, queued like any other.</summary>
    Task<CallAnswer> ReceiveCall(Guid conversationId, InboundCall call);

    /// <summary>The conversations this worker started, oldest first: the newest <c>Hotline:Retention:ConversationsPerWorker</c> of them.</summary>
    Task<IReadOnlyList<Guid>> GetConversations();

    /// <summary>The worker's latest conversation, or null when this key has never started one.</summary>
    Task<Guid?> GetCurrentConversation();

    /// <summary>Keeps this worker from starting chats until then. One-way: conversations call it, and it calls conversations.</summary>
    [Orleans.Concurrency.OneWay] Task Block(DateTimeOffset until);

    Task Unblock();

    Task<bool> IsBlocked();
}
