using Hotline.Contracts.Conversations;
using Hotline.Contracts.Phone;

namespace Hotline.Contracts.Workers;

/// <summary>
/// A help-seeker, keyed by a hash of their resume token, a keyed HMAC of their remembered device's key, or a keyed
/// HMAC of their phone number. It holds only pseudonymous history: which conversations were theirs.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// A web chat, called on the grain of its resume token. <paramref name="consentVersion"/> is the privacy notice the
    /// page showed and the worker agreed to, refused unless it is the current one. With
    /// <paramref name="deviceWorkerKey"/> (a remembered device) that device is the conversation's worker: its block
    /// refuses the start, and it keeps the conversation among its own, so that its blocks and earlier conversations
    /// follow it from chat to chat. <paramref name="line"/> is the line the worker came to (null: the default line),
    /// refused when it is not one of the network's.
    /// </summary>
    Task<StartedChat> StartChat(Guid conversationId, Channel channel, string? topic, string language, string? firstMessage,
        string? consentVersion, string? deviceWorkerKey = null, string? line = null);

    /// <summary>Counts <paramref name="conversationId"/> among a remembered device's conversations (for its earlier conversations).</summary>
    Task Remember(Guid conversationId);

    /// <summary>The conversation a resume token comes back to (as <see cref="GetCurrentConversation"/>); refused while this worker, or its remembered device, is blocked.</summary>
    Task<Guid?> Resume();

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

    /// <summary>Blocked itself, or (for a resume token's grain) its remembered device is.</summary>
    Task<bool> IsBlocked();
}
