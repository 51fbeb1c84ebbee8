namespace Hotline.Contracts.Queues;

/// <summary>
/// Where a waiting conversation stands: 1 is next. <paramref name="CounselorsOnDuty"/> counts the counsellors on duty
/// for its queue (a moment Away still counts): 0 means nobody is there to answer now, whatever the estimate says.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.QueueStatus")]
public sealed record QueueStatus(int Position, int EstimatedWaitSeconds, int CounselorsOnDuty);
