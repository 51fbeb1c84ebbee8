namespace Hotline.Contracts.Conversations;

/// <summary>
/// What a page lacks: the messages after the seq it last showed, oldest first, at most a page of them. When
/// <paramref name="LastSeq"/> is beyond the last one returned, the page asks again from there.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ConversationTail")]
public sealed record ConversationTail(Guid ConversationId, ConversationStatus Status, long LastSeq, IReadOnlyList<ChatMessage> Messages, string? CounselorName);
