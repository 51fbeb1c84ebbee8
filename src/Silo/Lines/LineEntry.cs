using System.Globalization;
using Hotline.Contracts;
using Hotline.Contracts.Lines;

namespace Hotline.Silo.Lines;

/// <summary>A line as seeds/lines.json writes it, and as <c>/api/admin/lines</c> reads and takes it: days "mon" … "sun", times "HH:mm" (24:00 is midnight), days "yyyy-MM-dd".</summary>
public sealed record LineEntrySpan(List<string>? Days, string? Open, string? Close);

/// <param name="Id">Optional where the address names the line; absent values take the seed's defaults (around the clock, Asia/Shanghai, 1 seat, 60 s).</param>
public sealed record LineEntry(
    string? Id, string? Zh, string? En, string? Region, string? Parent, List<LineEntrySpan>? Hours, List<string>? ClosedOn,
    string? TimeZone, int? MinimumSeats, int? BackupAfterSeconds, List<string>? Referrals, string? PhoneNumber)
{
    private static readonly Dictionary<string, DayOfWeek> Days = new()
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    /// <summary>The line this entry describes, as line <paramref name="id"/>; refused with the first value that cannot be read (the rest is <see cref="LineCatalog"/>'s to check).</summary>
    public Line ToLine(string id) => new(
        id, Zh?.Trim() ?? "", En?.Trim() ?? "", Region ?? "", string.IsNullOrEmpty(Parent) ? null : Parent,
        [.. (Hours ?? []).Select(span => new OpeningSpan(
            [.. (span.Days ?? []).Select(day => Days.TryGetValue(day ?? "", out var d) ? d
                : throw new HotlineException(RefusalCodes.LineBadDay, "'{day}' is not a day (mon … sun) for the line '{line}'.", ("line", id), ("day", day)))],
            Time(id, span.Open), Time(id, span.Close)))],
        [.. (ClosedOn ?? []).Select(day => DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw new HotlineException(RefusalCodes.LineBadClosedDay, "'{day}' is not a day the line '{line}' can be closed: write yyyy-MM-dd, at most {max} days.",
                ("line", id), ("day", day), ("max", LineCatalog.MaxClosedDays)))],
        string.IsNullOrEmpty(TimeZone) ? "Asia/Shanghai" : TimeZone, MinimumSeats ?? 1, BackupAfterSeconds ?? Line.DefaultBackupAfterSeconds,
        Referrals ?? [], string.IsNullOrEmpty(PhoneNumber) ? null : PhoneNumber);

    public static LineEntry From(Line line) => new(
        line.Id, line.Zh, line.En, line.Region, line.Parent,
        [.. line.Hours.Select(span => new LineEntrySpan([.. span.Days.Select(day => Days.First(d => d.Value == day).Key)], Text(span.Open), Text(span.Close)))],
        [.. line.ClosedOn.Select(day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
        line.TimeZone, line.MinimumSeats, line.BackupAfterSeconds, [.. line.Referrals], line.PhoneNumber);

    private static string Text(TimeSpan time) => time == TimeSpan.FromDays(1) ? "24:00" : time.ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static TimeSpan Time(string id, string? text) =>
        text == "24:00" ? TimeSpan.FromDays(1)
            : TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToTimeSpan()
            : throw new HotlineException(RefusalCodes.LineBadTime, "'{time}' is not a time of day (HH:mm, or 24:00) for the line '{line}'.", ("line", id), ("time", text));
}
