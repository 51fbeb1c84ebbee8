namespace Hotline.Contracts.Records;

/// <summary>
/// The conversations not yet archived (one grain, key 0), each with its start: retention's way to reach a conversation
/// left open (a wrap-up never written, a chat nobody ended), which the archive never sees.
/// </summary>
public interface IOpenConversationsGrain : IGrainWithIntegerKey
{
    /// <summary>Noted before the conversation's first write, so none is ever stored unlisted.</summary>
    Task Opened(Guid conversationId, DateTimeOffset startedAt);

    /// <summary>The conversation is archived (or gone): retention reaches it through the archive now.</summary>
    Task Archived(Guid conversationId);

    /// <summary>The open conversations that started before <paramref name="cutoff"/>, oldest first.</summary>
    Task<IReadOnlyList<Guid>> StartedBefore(DateTimeOffset cutoff);
}

