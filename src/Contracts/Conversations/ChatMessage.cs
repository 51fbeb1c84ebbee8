namespace Hotline.Contracts.Conversations;

[GenerateSerializer, Immutable, Alias("hotline.ChatMessage")]
public sealed record ChatMessage(Guid ConversationId, long Seq, Sender Sender, string Text, DateTimeOffset SentAt);
