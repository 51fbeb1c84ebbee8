using System.Globalization;
using Hotline.Contracts;
using Hotline.Contracts.Rota;

namespace Hotline.Silo.Supervision;

/// <summary>Reads a requested shift, refusing with a message a supervisor can act on. Counsellor and count are the grain's checks.</summary>
public static class ShiftRules
{
    public const int MaxCounselorIdLength = 64;

    /// <summary>A one-off shift may be planned this far ahead; further is more likely a typo in the year.</summary>
    public const int MaxDaysAhead = 366;

    public static Shift Parse(NewShift request, Guid shiftId, DateOnly today)
    {
        var counselorId = request.CounselorId?.Trim();
        if (string.IsNullOrEmpty(counselorId) || counselorId.Length > MaxCounselorIdLength)
            throw new HotlineException(RefusalCodes.RotaBadCounselor, "counselorId must name a counsellor (at most {max} characters).", ("max", MaxCounselorIdLength));
        if ((request.Weekday is null) == (request.Date is null))
            throw new HotlineException(RefusalCodes.RotaWeekdayOrDate, "Give either weekday (a weekly shift, \"Monday\" to \"Sunday\") or date (a single shift, YYYY-MM-DD), not both.");
        DayOfWeek? weekday = request.Weekday is null ? null : ParseWeekday(request.Weekday);
        DateOnly? date = request.Date is null ? null : ParseDate(request.Date, "date");
        if (date < today)
            throw new HotlineException(RefusalCodes.RotaDatePast, "date is in the past.");
        if (date > today.AddDays(MaxDaysAhead))
            throw new HotlineException(RefusalCodes.RotaDateTooFar, "date is more than {max} days ahead.", ("max", MaxDaysAhead));
        var start = ParseTime(request.Start, "start");
        var end = ParseTime(request.End, "end");
        if (start == 24 * 60)
            throw new HotlineException(RefusalCodes.RotaStartAtMidnight, "start must be before 24:00.");
        if (end <= start)
            throw new HotlineException(RefusalCodes.RotaEndBeforeStart, "end must be after start on the same day; a night shift is two shifts, e.g. 22:00–24:00 and 00:00–06:00.");
        return new Shift(shiftId, counselorId, weekday, date, start, end);
    }

    public static DateOnly ParseDate(string? text, string name) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new HotlineException(RefusalCodes.RotaBadDate, "{field} must be a date as YYYY-MM-DD.", ("field", name));

    /// <summary>By name only: Enum.Parse would also take "1" or "Monday, Tuesday".</summary>
    private static DayOfWeek ParseWeekday(string text)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
            if (day.ToString().Equals(text.Trim(), StringComparison.OrdinalIgnoreCase))
                return day;
        throw new HotlineException(RefusalCodes.RotaBadWeekday, "weekday must be one of Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday.");
    }

    /// <summary>Minutes after midnight; "24:00" is the end of the day.</summary>
    private static int ParseTime(string? text, string name)
    {
        if (text is "24:00")
            return 24 * 60;
        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time.Hour * 60 + time.Minute
            : throw new HotlineException(RefusalCodes.RotaBadTime, "{field} must be a time as HH:mm (00:00 to 24:00).", ("field", name));
    }
}
