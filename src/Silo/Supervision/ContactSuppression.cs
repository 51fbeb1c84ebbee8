using System.Globalization;

namespace Hotline.Silo.Supervision;

/// <summary>
/// Which of one period's counts are published, and how. Primary suppression shows a count of 1–4 as
/// <see cref="ContactReport.Suppressed"/> (<c>"&lt;5"</c>): a value from 1 to 4. Each breakdown (channel, topic, …)
/// splits the period's contacts, so its counts add up to the period's total; a hidden count could then be worked out
/// from the total and the counts shown (7 contacts, web 6, sms 0: voice is 1), or from the bounds of the others
/// (8 contacts, two "&lt;5" and a 0: both are 4), and a hidden total from one breakdown (four "&lt;5" topics: 4
/// contacts, one each). Complementary suppression then holds back more counts as <see cref="HeldBack"/>
/// (<c>"*"</c>, any number), the smallest shown count of that breakdown first, until no hidden count and no hidden
/// total has only one value that fits the published figures. The breakdowns share only the total, so for each possible
/// total every breakdown can be checked on its own; that makes the check exact.
/// </summary>
public static class ContactSuppression
{
    public const string HeldBack = "*";

    private const long Unbounded = long.MaxValue / 4;

    /// <summary>
    /// The published labels of a period: its total, and each count of each breakdown. <paramref name="total"/>: the
    /// total's label when another breakdown has already decided it (a line's contacts in the report's lines).
    /// </summary>
    public static (string Contacts, Dictionary<string, Dictionary<string, string>> By) Labels(ContactPeriod period, string? total = null)
    {
        total ??= ContactReport.Count(period.Contacts);
        var by = period.By.ToDictionary(d => d.Key, d => d.Value.ToDictionary(v => v.Key, v => ContactReport.Count(v.Value)));
        // Each round hides one more count, or widens one "<5" to "*"; so it ends.
        while (Revealing(total, by) is { } breakdown)
            HideOneMore(period.By[breakdown], by[breakdown]);
        return (total, by);
    }

    /// <summary>Whether the label hides its count.</summary>
    public static bool Hides(string label) => label is ContactReport.Suppressed or HeldBack;

    /// <summary>A breakdown from which a hidden count, or the hidden total, can be worked out exactly; null if none.</summary>
    private static string? Revealing(string totalLabel, Dictionary<string, Dictionary<string, string>> by)
    {
        var sums = by.ToDictionary(b => b.Key, b => Sum(b.Value.Values));
        var (least, most) = Bounds(totalLabel);
        var (low, high) = (least, most);
        foreach (var (min, max) in sums.Values)
            (low, high) = (Math.Max(low, min), Math.Min(high, max));
        if (Hides(totalLabel) && low == high)
            // Widen the breakdown that pins it: the one whose least sum lifts the total to its top, else one whose most sum holds it down.
            return sums.FirstOrDefault(s => s.Value.Min == low && low > least).Key ?? sums.First(s => s.Value.Max == high).Key;
        foreach (var (breakdown, labels) in by)
        {
            foreach (var (value, label) in labels.Where(l => Hides(l.Value)))
            {
                var (ownMin, ownMax) = Bounds(label);
                var others = Sum(labels.Where(l => l.Key != value).Select(l => l.Value));
                if (Math.Max(ownMin, low - others.Max) >= Math.Min(ownMax, high - others.Min))
                    return breakdown;
            }
        }
        return null;
    }

    /// <summary>The least and most a set of labels can add up to (the most held at <see cref="Unbounded"/>).</summary>
    private static (long Min, long Max) Sum(IEnumerable<string> labels)
    {
        var (min, max) = (0L, 0L);
        foreach (var (least, most) in labels.Select(Bounds))
            (min, max) = (min + least, Math.Min(Unbounded, max + most));
        return (min, max);
    }

    /// <summary>The smallest count still shown (a zero last: it hides the least); if all are hidden, one "&lt;5" becomes "*".</summary>
    private static void HideOneMore(IReadOnlyDictionary<string, int> counts, Dictionary<string, string> labels)
    {
        var shown = labels.Where(l => !Hides(l.Value)).Select(l => l.Key)
            .OrderBy(v => counts[v] == 0).ThenBy(v => counts[v]).ThenBy(v => v, StringComparer.Ordinal);
        var next = shown.Any() ? shown.First() : labels.Where(l => l.Value == ContactReport.Suppressed).Select(l => l.Key).Order(StringComparer.Ordinal).First();
        labels[next] = HeldBack;
    }

    private static (long Min, long Max) Bounds(string label) => label switch
    {
        ContactReport.Suppressed => (1, ContactReport.SuppressBelow - 1),
        HeldBack => (0, Unbounded),
        _ => (long.Parse(label, CultureInfo.InvariantCulture), long.Parse(label, CultureInfo.InvariantCulture)),
    };
}
