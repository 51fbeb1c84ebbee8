namespace Hotline.Contracts.Queues;

/// <summary>
/// An on-duty counsellor as queues see them: their skills, their cap and how many seats are free for an offer now.
/// The queue's copy is only a cache; the counsellor grain decides when an offer arrives.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorSeat")]
public sealed record CounselorSeat(
    string CounselorId,
    int FreeSeats,
    int Capacity,
    DateTimeOffset IdleSince,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Languages);
