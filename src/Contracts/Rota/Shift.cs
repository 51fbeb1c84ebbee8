using System.Text.Json.Serialization;

namespace Hotline.Contracts.Rota;

/// <summary>
/// A counsellor's shift in local hotline time: every <paramref name="Weekday"/>, or once on <paramref name="Date"/>.
/// Times are minutes after local midnight; the end may be 1440 (24:00) so the day's last hour can be staffed. A shift
/// never crosses midnight: a night is two shifts, 22:00–24:00 and 00:00–06:00.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.Shift")]
public sealed record Shift(Guid ShiftId, string CounselorId, DayOfWeek? Weekday, DateOnly? Date,
    [property: JsonIgnore] int StartMinute, [property: JsonIgnore] int EndMinute)
{
    public string Start => ClockTime.Format(StartMinute);

    public string End => ClockTime.Format(EndMinute);
}

/// <summary>POST /api/rota/shifts: weekday ("Monday"…) or date ("YYYY-MM-DD"), start and end as "HH:mm".</summary>
[GenerateSerializer, Immutable, Alias("hotline.NewShift")]
public sealed record NewShift(string? CounselorId, string? Weekday, string? Date, string? Start, string? End);

/// <summary>One shift on one day; <paramref name="StartsAt"/> and <paramref name="EndsAt"/> are UTC.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ShiftTime")]
public sealed record ShiftTime(Guid ShiftId, string CounselorId, DateOnly Date, string Start, string End, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>
/// How many counsellors are on shift for the whole of one local hour, and whether that is below the line's minimum
/// seats; an hour the line is closed throughout (<paramref name="Open"/> false) is never below it.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.RotaHour")]
public sealed record RotaHour(int Hour, int OnShift, bool BelowMinimum, bool Open = true);

[GenerateSerializer, Immutable, Alias("hotline.RotaDay")]
public sealed record RotaDay(DateOnly Date, DayOfWeek Weekday, IReadOnlyList<RotaHour> Hours);

/// <summary>The coverage of one line's local week starting on Monday <paramref name="Start"/>, against that line's minimum seats.</summary>
[GenerateSerializer, Immutable, Alias("hotline.RotaWeek")]
public sealed record RotaWeek(DateOnly Start, int MinimumSeats, IReadOnlyList<RotaDay> Days);

public static class ClockTime
{
    public static string Format(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}
