using Hotline.Contracts.Queues;

namespace Hotline.Silo.Routing;

/// <summary>
/// Chooses who gets the next offer. Today: the ready counsellor who has been idle longest, skipping those who
/// already let this conversation go. Skills, languages and overflow will grow here, in one place.
/// </summary>
public static class OfferMatcher
{
    public static CounselorSeat? Pick(IEnumerable<CounselorSeat> ready, IReadOnlySet<string> excluded) =>
        ready.Where(s => s.FreeSeats > 0 && !excluded.Contains(s.CounselorId))
             .OrderBy(s => s.IdleSince)
             .ThenBy(s => s.CounselorId, StringComparer.Ordinal)
             .FirstOrDefault();
}
