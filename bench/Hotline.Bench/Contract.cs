namespace Hotline.Bench;

// The public contract as a client sees it, written out here: the benchmark shares no types with the product.
public sealed record StartChatResult(Guid ConversationId, string ResumeToken, int Position, int EstimatedWaitSeconds);

public sealed record ChatMessage(Guid ConversationId, long Seq, string Sender, string Text, DateTimeOffset SentAt);

public sealed record ResumeChatResult(Guid ConversationId, string Status, List<ChatMessage> Messages);

/// <summary>What <c>GetMessagesAfter</c> answers: at most 200 messages after a seq, and the conversation's last seq.</summary>
public sealed record ConversationTail(Guid ConversationId, string Status, long LastSeq, List<ChatMessage> Messages);

public sealed record OfferReceived(Guid OfferId, Guid ConversationId);

public sealed record SendResult(long Seq);
