using Hotline.Contracts.Queues;

namespace Hotline.Silo.Routing;

/// <summary>
/// What a waiting conversation asks of a counsellor: one of these topics as a skill (none: any), its language,
/// whether it has waited past the overflow time, and who already let it go.
/// </summary>
public sealed record OfferNeed(IReadOnlyList<string> Topics, string Language, bool Overflowed, IReadOnlySet<string> Excluded)
{
    /// <summary>A conversation's own topic when its queue serves it, else (after a transfer, say) any topic of the queue.</summary>
    public static IReadOnlyList<string> TopicsFor(string? topic, IReadOnlyList<string> queueTopics) =>
        topic is not null && queueTopics.Contains(topic) ? [topic] : queueTopics;
}

/// <summary>
/// Chooses who gets the next offer: only counsellors who speak the worker's language and have a free seat, and
/// did not already let this conversation go; among them those with the topic as a skill, then the one idle longest.
/// Before overflow only skilled counsellors are asked; after it, anyone (skilled first).
/// </summary>
public static class OfferMatcher
{
    public static CounselorSeat? Pick(IEnumerable<CounselorSeat> onDuty, OfferNeed need) =>
        onDuty.Where(s => s.FreeSeats > 0 && !need.Excluded.Contains(s.CounselorId) && s.Languages.Contains(need.Language))
              .Where(s => need.Overflowed || IsSkilled(s, need.Topics))
              .OrderByDescending(s => IsSkilled(s, need.Topics))
              .ThenBy(s => s.IdleSince)
              .ThenBy(s => s.CounselorId, StringComparer.Ordinal)
              .FirstOrDefault();

    /// <summary>Whether this counsellor serves a queue at all: they speak its language and (but for the general queue) know one of its topics.</summary>
    public static bool Serves(CounselorSeat seat, IReadOnlyList<string> queueTopics, string? queueLanguage) =>
        (queueLanguage is null || seat.Languages.Contains(queueLanguage)) && IsSkilled(seat, queueTopics);

    private static bool IsSkilled(CounselorSeat seat, IReadOnlyList<string> topics) => topics.Count == 0 || topics.Any(seat.Topics.Contains);
}
