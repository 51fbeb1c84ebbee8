namespace Hotline.Contracts.Queues;

/// <summary>A counsellor who can take one more conversation now; the queue's copy of it is only a cache.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorSeat")]
public sealed record CounselorSeat(string CounselorId, int FreeSeats, DateTimeOffset IdleSince);
