namespace Hotline.Contracts.Conversations;

/// <param name="Seq">The conversation's sequence number (1, 2, 3, ...): pages show messages in this order, each once.</param>
/// <param name="ClientMessageId">The id the sender's page gave the message, so that a retried send is stored once; null for the hotline's own lines.</param>
[GenerateSerializer, Immutable, Alias("hotline.ChatMessage")]
public sealed record ChatMessage(Guid ConversationId, long Seq, Sender Sender, string Text, DateTimeOffset SentAt, string? ClientMessageId = null);
