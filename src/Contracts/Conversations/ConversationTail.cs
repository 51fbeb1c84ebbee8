namespace Hotline.Contracts.Conversations;

/// <summary>
/// What a client lacks of a conversation: the messages after the last one it shows (oldest first, at most
/// <see cref="MaxMessages"/>), and where the conversation stands now. When <see cref="LastSeq"/> is beyond the last
/// message returned, the client asks again from there. <see cref="EndReason"/> says why it ended (one of
/// <c>EndReasons</c>), null while it goes on: a client that missed <c>ConversationEnded</c> still words it right.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ConversationTail")]
public sealed record ConversationTail(Guid ConversationId, ConversationStatus Status, long LastSeq, IReadOnlyList<ChatMessage> Messages, string? CounselorName, string? EndReason)
{
    public const int MaxMessages = 200;
}
