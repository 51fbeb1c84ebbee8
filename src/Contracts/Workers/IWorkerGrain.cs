using Hotline.Contracts.Conversations;

namespace Hotline.Contracts.Workers;

/// <summary>
/// A help-seeker, keyed by a hash of their resume token (or a keyed HMAC of their phone number).
/// It holds only pseudonymous history: which conversations were theirs.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    Task<StartedChat> StartChat(Guid conversationId, Channel channel, string? topic, string language, string? firstMessage);

    /// <summary>The worker's latest conversation, or null when this key has never started one.</summary>
    Task<Guid?> GetCurrentConversation();

    /// <summary>Keeps this worker from starting chats until then. One-way: conversations call it, and it calls conversations.</summary>
    [Orleans.Concurrency.OneWay] Task Block(DateTimeOffset until);

    Task Unblock();

    Task<bool> IsBlocked();
}
