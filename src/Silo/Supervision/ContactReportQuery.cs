using System.Globalization;
using Hotline.Contracts;

namespace Hotline.Silo.Supervision;

public enum ReportGrouping
{
    Day,
    Month,
}

public enum ReportFormat
{
    Json,
    Csv,
}

/// <summary>What a contact report asks for: local days <see cref="From"/> to <see cref="To"/>, both included.</summary>
public sealed record ContactReportQuery(DateOnly From, DateOnly To, ReportGrouping GroupBy, ReportFormat Format)
{
    /// <summary>A little over a year, so that a year can be compared with the same month a year before.</summary>
    public const int MaxDays = 400;

    /// <summary>Reads the query string; anything wrong is refused with what to send instead.</summary>
    public static ContactReportQuery Parse(string? from, string? to, string? groupBy, string? format)
    {
        var first = Day(from, "from");
        var last = Day(to, "to");
        if (first > last)
            throw new HotlineException(RefusalCodes.ReportFromAfterTo, "'from' ({from}) is after 'to' ({to}); swap them.", ("from", from), ("to", to));
        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
            throw new HotlineException(RefusalCodes.ReportRangeTooLong, "A report covers at most {max} days; this one asks for {days}. Choose a shorter range.", ("max", MaxDays), ("days", last.DayNumber - first.DayNumber + 1));
        var grouping = (groupBy ?? "day") switch
        {
            "day" => ReportGrouping.Day,
            "month" => ReportGrouping.Month,
            _ => throw new HotlineException(RefusalCodes.ReportBadGrouping, "'groupBy' must be 'day' or 'month', not '{groupBy}'.", ("groupBy", groupBy)),
        };
        var answerAs = (format ?? "json") switch
        {
            "json" => ReportFormat.Json,
            "csv" => ReportFormat.Csv,
            _ => throw new HotlineException(RefusalCodes.ReportBadFormat, "'format' must be 'json' or 'csv', not '{format}'.", ("format", format)),
        };
        return new ContactReportQuery(first, last, grouping, answerAs);
    }

    private static DateOnly Day(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new HotlineException(RefusalCodes.ReportDayMissing, "'{field}' is required: a day as YYYY-MM-DD, e.g. 2026-01-31.", ("field", name));
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw new HotlineException(RefusalCodes.ReportBadDay, "'{field}' must be a day as YYYY-MM-DD, e.g. 2026-01-31; '{text}' is not one.", ("field", name), ("text", text));
        return day;
    }
}
