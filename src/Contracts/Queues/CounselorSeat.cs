namespace Hotline.Contracts.Queues;

/// <summary>
/// An on-duty counsellor as queues see them: their skills, their cap, how many conversations they hold, and how
/// many seats they can be offered now (none while an offer is pending).
/// The queue's copy is only a cache; the counsellor grain decides when an offer arrives.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorSeat")]
public sealed record CounselorSeat(
    string CounselorId,
    int FreeSeats,
    int Capacity,
    int Held,
    DateTimeOffset IdleSince,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Languages);
