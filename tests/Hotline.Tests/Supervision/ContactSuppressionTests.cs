using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

/// <summary>
/// No hidden count of a published period can be worked out: for each hidden count (and a hidden total), more than one
/// value fits the published labels. The check here is independent of the product's: it lists, for every total that
/// fits, every way to fill each breakdown's hidden counts ("&lt;5" from 1 to 4, "*" from 0 up) so that it adds up.
/// </summary>
public sealed class ContactSuppressionTests
{
    [Fact]
    public void The_subtraction_from_the_total_no_longer_gives_a_small_count_away()
    {
        // Before: contacts 7, web 6, sms 0, voice "<5": 7 − 6 − 0 = 1.
        var (contacts, by) = ContactSuppression.Labels(Period(7, ("channel", [("web", 6), ("sms", 0), ("voice", 1)])));

        Assert.Equal(("7", "*", "0", "<5"), (contacts, by["channel"]["web"], by["channel"]["sms"], by["channel"]["voice"]));
        Assert.All(HiddenValues(contacts, by), h => Assert.True(h.Values.Count > 1, $"{h.Cell} can only be {string.Join(",", h.Values)}"));
    }

    [Fact]
    public void Two_small_counts_at_their_bound_are_widened_by_a_zero_held_back()
    {
        // Before: 8 contacts, web "<5", sms "<5", voice 0: both can only be 4.
        var (_, by) = ContactSuppression.Labels(Period(8, ("channel", [("web", 4), ("sms", 4), ("voice", 0)])));

        Assert.Equal(("<5", "<5", "*"), (by["channel"]["web"], by["channel"]["sms"], by["channel"]["voice"]));
    }

    [Fact]
    public void A_small_total_pinned_by_four_small_topics_is_widened()
    {
        // Before: contacts "<5" and four topics "<5": at least 4 contacts, so 4, one each.
        var (contacts, by) = ContactSuppression.Labels(Period(4,
            ("topic", [("a", 1), ("b", 1), ("c", 1), ("d", 1)]),
            ("outcome", [("answered", 4), ("abandoned", 0)])));

        Assert.Equal("<5", contacts);
        Assert.Contains("*", by["topic"].Values);
        Assert.All(HiddenValues(contacts, by), h => Assert.True(h.Values.Count > 1, $"{h.Cell} can only be {string.Join(",", h.Values)}"));
    }

    [Fact]
    public void A_breakdown_with_nothing_small_is_published_as_it_is()
    {
        var (contacts, by) = ContactSuppression.Labels(Period(20, ("channel", [("web", 12), ("sms", 8), ("voice", 0)])));

        Assert.Equal(("20", "12", "8", "0"), (contacts, by["channel"]["web"], by["channel"]["sms"], by["channel"]["voice"]));
    }

    [Fact]
    public void Over_many_random_periods_no_hidden_count_has_only_one_value_that_fits()
    {
        var random = new Random(18);
        for (var round = 0; round < 3000; round++)
        {
            // Small counts are common on a quiet line: most counts 0–6, some larger.
            var breakdowns = Enumerable.Range(0, random.Next(1, 4)).Select(b => ($"d{b}", Enumerable.Range(0, random.Next(1, 5))
                .Select(v => ($"v{v}", random.Next(4) == 0 ? random.Next(0, 15) : random.Next(0, 7))).ToArray())).ToList();
            // Every breakdown splits the same contacts: the first one's sum is the total; the others are scaled to it.
            var total = breakdowns[0].Item2.Sum(c => c.Item2);
            var fitted = breakdowns.Select((b, i) => i == 0 ? b : (b.Item1, Fit(b.Item2, total))).ToArray();
            var period = Period(total, fitted);

            var (contacts, by) = ContactSuppression.Labels(period);

            foreach (var (breakdown, values) in period.By)
                foreach (var (value, count) in values)
                {
                    var label = by[breakdown][value];
                    Assert.True(label == count.ToString() || (label == "<5" && count is >= 1 and <= 4) || label == "*", $"round {round}: {breakdown}.{value}={count} shown as {label}");
                }
            foreach (var (cell, fits) in HiddenValues(contacts, by))
                Assert.True(fits.Count > 1, $"round {round}: {cell} can only be {string.Join(",", fits)} in {Describe(contacts, by)}");
        }
    }

    /// <summary>Spreads <paramref name="total"/> over the values in proportion to the drawn counts, the rest on the last.</summary>
    private static (string, int)[] Fit((string, int)[] drawn, int total)
    {
        var weight = Math.Max(1, drawn.Sum(d => d.Item2));
        var counts = drawn.Select(d => d.Item2 * total / weight).ToArray();
        counts[^1] += total - counts.Sum();
        return drawn.Select((d, i) => (d.Item1, counts[i])).ToArray();
    }

    private static ContactPeriod Period(int total, params (string Breakdown, (string Value, int Count)[] Counts)[] breakdowns)
    {
        var by = breakdowns.ToDictionary(b => b.Breakdown, b => (IReadOnlyDictionary<string, int>)b.Counts.ToDictionary(c => c.Value, c => c.Count));
        if (!by.ContainsKey("outcome"))
            by["outcome"] = new Dictionary<string, int> { ["answered"] = total, ["abandoned"] = 0 };
        return new ContactPeriod("2026-05-06", total, by, default, default, default, default, default);
    }

    /// <summary>For each hidden count (and a hidden total), every value it takes in some way of filling the published period.</summary>
    private static List<(string Cell, SortedSet<int> Values)> HiddenValues(string contacts, Dictionary<string, Dictionary<string, string>> by)
    {
        var totals = contacts switch { "<5" => Enumerable.Range(1, 4), _ => [int.Parse(contacts)] };
        var seen = new Dictionary<string, SortedSet<int>>();
        foreach (var total in totals)
        {
            var fillings = by.ToDictionary(b => b.Key, b => Fillings(b.Value.ToList(), total));
            if (fillings.Values.Any(f => f.Count == 0))
                continue;
            if (contacts == "<5")
                Values(seen, "contacts").Add(total);
            foreach (var (breakdown, ways) in fillings)
                foreach (var way in ways)
                    foreach (var (value, count) in way)
                        Values(seen, $"{breakdown}.{value}").Add(count);
        }
        return seen.Select(s => (s.Key, s.Value)).ToList();
    }

    private static SortedSet<int> Values(Dictionary<string, SortedSet<int>> seen, string cell) =>
        seen.TryGetValue(cell, out var values) ? values : seen[cell] = [];

    /// <summary>Every assignment of the hidden counts of one breakdown that adds up to <paramref name="total"/>.</summary>
    private static List<List<(string, int)>> Fillings(List<KeyValuePair<string, string>> labels, int total)
    {
        var shown = labels.Where(l => l.Value is not ("<5" or "*")).Sum(l => int.Parse(l.Value));
        var hidden = labels.Where(l => l.Value is "<5" or "*").ToList();
        var ways = new List<List<(string, int)>>();
        void Fill(int index, int left, List<(string, int)> so)
        {
            if (index == hidden.Count)
            {
                if (left == 0)
                    ways.Add([.. so]);
                return;
            }
            var (low, high) = hidden[index].Value == "<5" ? (1, 4) : (0, left);
            for (var count = low; count <= Math.Min(high, left); count++)
            {
                so.Add((hidden[index].Key, count));
                Fill(index + 1, left - count, so);
                so.RemoveAt(so.Count - 1);
            }
        }
        if (shown <= total)
            Fill(0, total - shown, []);
        return ways;
    }

    private static string Describe(string contacts, Dictionary<string, Dictionary<string, string>> by) =>
        $"contacts {contacts}; " + string.Join("; ", by.Select(b => $"{b.Key}: " + string.Join(", ", b.Value.Select(v => $"{v.Key}={v.Value}"))));
}
