using System.Globalization;

namespace Hotline.Contracts.Supervision;

/// <summary>
/// One page of one UTC day of the audit log, keyed <c>yyyy-MM-dd/page</c> (<see cref="AuditSegments"/>): at most
/// <see cref="AuditSegments.PageSize"/> entries, so no grain's state grows with the log. Only the audit log's head
/// writes here.
/// </summary>
public interface IAuditDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Files the entry at its place in the page. Anything the page held from that place on is dropped: it was filed for
    /// a step the head never stored, and so never happened.
    /// </summary>
    Task Put(ChainedAuditEntry entry, string? previousSegment);

    Task<AuditSegment> Read();
}

/// <summary>A page's entries in chain order, and the key of the page before it (null for the log's first).</summary>
[GenerateSerializer, Immutable, Alias("hotline.AuditSegment")]
public sealed record AuditSegment(IReadOnlyList<ChainedAuditEntry> Entries, string? Previous);

public static class AuditSegments
{
    /// <summary>Entries per page of a day: a day of heavy supervision spreads over a few grains instead of growing one.</summary>
    public const int PageSize = 500;

    public static string KeyOf(DateOnly day, int index) => $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{index / PageSize}";
}
