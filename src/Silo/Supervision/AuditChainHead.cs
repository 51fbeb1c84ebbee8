namespace Hotline.Silo.Supervision;

/// <summary>
/// What one UTC day of the audit log holds, sealed with the chain's key (<see cref="AuditChain.SealHead"/>) and written
/// to the archive beside the day's entries: how many, what the first followed, and the last one's HMAC. An open head
/// is the day so far; the head is closed once the next day's first entry is recorded.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.AuditDayHead")]
public sealed record AuditDayHead(DateOnly Day, int Count, string FirstPreviousHash, string LastHash, bool Closed, string Mac);
