using System.Globalization;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Supervision;

namespace Hotline.Silo.Supervision;

/// <summary>A period's figures before suppression: counts by dimension and value, and averages with the number of contacts behind each.</summary>
public sealed record ContactPeriod(
    string Period,
    int Contacts,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> By,
    Average AnswerRate,
    Average SecondsToAnswer,
    Average HandleSeconds,
    Average Rating,
    Average Helped);

/// <summary>A mean and how many contacts it is taken over (null when over none).</summary>
public readonly record struct Average(double? Value, int Over)
{
    public static Average Of(IEnumerable<double> values)
    {
        var list = values.ToList();
        return new Average(list.Count == 0 ? null : list.Average(), list.Count);
    }
}

/// <summary>
/// What a report exports, after suppression. Every count is a string: digits, <c>"&lt;5"</c> for a group of 1–4
/// contacts (so that a rare topic on a quiet day cannot point at one worker), or <c>"*"</c> for a count held back so
/// that no <c>"&lt;5"</c> can be worked out from the period's total and the counts shown (<see cref="ContactSuppression"/>).
/// Every average is digits, or null: for a period of 1–4 contacts (its averages are held back with its counts), for
/// the answer rate when an outcome count is hidden (it would give it back), and when there is nothing to divide (no
/// contact, or none with that figure). A period's <c>contacts</c> tells the two nulls apart; the CSV writes the first
/// as an empty field and the second as <c>—</c>. <paramref name="Lines"/>: the range's contacts by line (<see cref="ContactLineReport"/>).
/// </summary>
public sealed record ContactReportExport(string From, string To, string GroupBy, double UtcOffsetHours, int SuppressedBelow, IReadOnlyList<ExportedPeriod> Periods,
    IReadOnlyList<ExportedLine>? Lines = null);

public sealed record ExportedPeriod(
    string Period,
    string Contacts,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> By,
    string? AnswerRate,
    string? AverageSecondsToAnswer,
    string? AverageHandleSeconds,
    string? AverageRating,
    string? ShareHelped);

/// <summary>
/// Contact reports: the contact facts of a range of the hotline's local days, grouped by day or month. The figures
/// come only from <see cref="ContactFact"/>s, which hold no text and no worker key.
/// </summary>
public static class ContactReport
{
    /// <summary>Groups of fewer contacts than this are shown as <c>"&lt;5"</c>.</summary>
    public const int SuppressBelow = 5;

    public const string Suppressed = "<5";

    /// <summary>The value of a contact with no topic (left before choosing one) or no action (abandoned).</summary>
    public const string None = "none";

    public static readonly IReadOnlyList<string> Dimensions = ["channel", "topic", "risk", "action", "outcome"];

    /// <summary>
    /// The UTC days whose contact logs can hold the local days <paramref name="from"/>–<paramref name="to"/>: one more on
    /// each side, since a local day spans two UTC days at any offset up to ±24 h.
    /// </summary>
    public static IEnumerable<DateOnly> LogDays(DateOnly from, DateOnly to)
    {
        for (var day = from.AddDays(-1); day <= to.AddDays(1); day = day.AddDays(1))
            yield return day;
    }

    /// <summary>Each contact once, with its local day of arrival, of those that arrived within the query's days.</summary>
    public static IReadOnlyList<(ContactFact Fact, DateOnly Day)> InRange(IEnumerable<ContactFact> facts, ContactReportQuery query, TimeSpan utcOffset) => [.. facts
        .DistinctBy(f => f.ConversationId)
        .Select(f => (Fact: f, Day: DateOnly.FromDateTime(f.ArrivedAt.ToOffset(utcOffset).DateTime)))
        .Where(f => f.Day >= query.From && f.Day <= query.To)];

    public static IReadOnlyList<ContactPeriod> Aggregate(IEnumerable<ContactFact> facts, ContactReportQuery query, TimeSpan utcOffset)
    {
        var inRange = InRange(facts, query, utcOffset);
        // Every period shows the same values, so tables and charts line up; topics and actions are those that occurred.
        var values = new Dictionary<string, IReadOnlyList<string>>
        {
            ["channel"] = Enum.GetValues<Channel>().Select(ValueOf).ToList(),
            ["topic"] = inRange.Select(f => Value("topic", f.Fact)).Distinct().Order(StringComparer.Ordinal).ToList(),
            ["risk"] = Enum.GetValues<RiskLevel>().Select(r => r.ToString()).ToList(),
            ["action"] = inRange.Select(f => Value("action", f.Fact)).Distinct().Order(StringComparer.Ordinal).ToList(),
            ["outcome"] = Enum.GetValues<ContactOutcome>().Select(o => o.ToString().ToLowerInvariant()).ToList(),
        };
        var byPeriod = inRange.ToLookup(f => PeriodOf(f.Day, query.GroupBy), f => f.Fact);
        return Periods(query).Select(period => Figures(period, byPeriod[period].ToList(), values)).ToList();
    }

    public static ContactReportExport Export(IReadOnlyList<ContactPeriod> periods, ContactReportQuery query, double utcOffsetHours) => new(
        Iso(query.From), Iso(query.To), query.GroupBy.ToString().ToLowerInvariant(), utcOffsetHours, SuppressBelow,
        periods.Select(Exported).ToList());

    /// <summary>The answer rate times the contacts is the answered count: it is held back whenever an outcome count is hidden.</summary>
    public static bool HoldsBackAnswerRate(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> by) =>
        by["outcome"].Values.Any(ContactSuppression.Hides);

    private static ExportedPeriod Exported(ContactPeriod period)
    {
        var (contacts, labels) = ContactSuppression.Labels(period);
        var by = labels.ToDictionary(d => d.Key, d => (IReadOnlyDictionary<string, string>)d.Value);
        return new ExportedPeriod(
            period.Period,
            contacts,
            by,
            HoldsBackAnswerRate(by) ? null : Mean(period, period.AnswerRate, "F3"),
            Mean(period, period.SecondsToAnswer, "F1"),
            Mean(period, period.HandleSeconds, "F1"),
            Mean(period, period.Rating, "F2"),
            Mean(period, period.Helped, "F3"));
    }

    /// <summary>A count as exported: 0 stays 0, 1–4 are <c>"&lt;5"</c>.</summary>
    public static string Count(int count) =>
        count is > 0 and < SuppressBelow ? Suppressed : count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether a period's averages are held back: it has 1–4 contacts, and its counts show <c>"&lt;5"</c>.</summary>
    public static bool HoldsBackAverages(int contacts) => contacts is > 0 and < SuppressBelow;

    /// <summary>A period's average as exported: held back (null) with a small period's counts, else digits, or null over nothing.</summary>
    private static string? Mean(ContactPeriod period, Average average, string format) =>
        HoldsBackAverages(period.Contacts) ? null : average.Value?.ToString(format, CultureInfo.InvariantCulture);

    private static ContactPeriod Figures(string period, List<ContactFact> facts, Dictionary<string, IReadOnlyList<string>> values)
    {
        var by = Dimensions.ToDictionary(d => d, d => (IReadOnlyDictionary<string, int>)values[d].ToDictionary(v => v, v => facts.Count(f => Value(d, f) == v)));
        var answered = facts.Where(f => f.Outcome == ContactOutcome.Answered).ToList();
        return new ContactPeriod(
            period,
            facts.Count,
            by,
            Average.Of(facts.Select(f => f.Outcome == ContactOutcome.Answered ? 1.0 : 0.0)),
            Average.Of(answered.Where(f => f.SecondsToAnswer is not null).Select(f => f.SecondsToAnswer!.Value)),
            Average.Of(answered.Where(f => f.HandleSeconds is not null).Select(f => f.HandleSeconds!.Value)),
            Average.Of(facts.Where(f => f.Rating is not null).Select(f => (double)f.Rating!.Value)),
            Average.Of(facts.Where(f => f.Helped is not null).Select(f => f.Helped!.Value ? 1.0 : 0.0)));
    }

    private static string Value(string dimension, ContactFact fact) => dimension switch
    {
        "channel" => ValueOf(fact.Channel),
        "topic" => fact.Topic.Length == 0 ? None : fact.Topic,
        "risk" => fact.RiskLevel.ToString(),
        "action" => fact.Action ?? None,
        "outcome" => fact.Outcome.ToString().ToLowerInvariant(),
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    private static string ValueOf(Channel channel) => channel.ToString().ToLowerInvariant();

    private static IEnumerable<string> Periods(ContactReportQuery query)
    {
        var step = query.GroupBy == ReportGrouping.Day ? (Func<DateOnly, DateOnly>)(d => d.AddDays(1)) : d => d.AddMonths(1);
        var start = query.GroupBy == ReportGrouping.Day ? query.From : new DateOnly(query.From.Year, query.From.Month, 1);
        for (var day = start; day <= query.To; day = step(day))
            yield return PeriodOf(day, query.GroupBy);
    }

    private static string PeriodOf(DateOnly day, ReportGrouping groupBy) =>
        day.ToString(groupBy == ReportGrouping.Day ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
