namespace Hotline.Contracts.Workers;

/// <param name="CounselorsOnDuty">As in <see cref="Queues.QueueStatus"/>: 0 when nobody is on duty for the queue.</param>
[GenerateSerializer, Immutable, Alias("hotline.StartedChat")]
public sealed record StartedChat(Guid ConversationId, int Position, int EstimatedWaitSeconds, int CounselorsOnDuty);
