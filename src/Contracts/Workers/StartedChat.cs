namespace Hotline.Contracts.Workers;

[GenerateSerializer, Immutable, Alias("hotline.StartedChat")]
public sealed record StartedChat(Guid ConversationId, int Position, int EstimatedWaitSeconds);
