namespace Hotline.Contracts.Conversations;

/// <param name="ClientMessageId">The sending page's own id for the message (a retried send carries the same one); null for what the hotline itself writes.</param>
[GenerateSerializer, Immutable, Alias("hotline.ChatMessage")]
public sealed record ChatMessage(Guid ConversationId, long Seq, Sender Sender, string Text, DateTimeOffset SentAt, string? ClientMessageId = null);
