using Hotline.Contracts;
using Hotline.Contracts.Rota;

namespace Hotline.Silo.Supervision;

/// <summary>
/// Reads the rota for a time: the coverage of a week, who is on shift, a counsellor's next shifts. Shifts are in local
/// hotline time (<paramref name="utcOffset"/> from UTC); instants going in and out are UTC. <paramref name="open"/> says
/// whether the line is staffed at an instant (null: around the clock); an hour it is closed throughout is never short.
/// </summary>
public sealed class RotaCoverage(IReadOnlyList<Shift> shifts, TimeSpan utcOffset, int minimumSeats, Func<DateTimeOffset, bool>? open = null)
{
    /// <summary>
    /// A counsellor counts for an hour only when their shifts cover all of it: someone starting at 08:30 leaves
    /// 08:00–08:30 unstaffed, and a crisis line would rather see that hour marked short than hidden.
    /// </summary>
    public RotaWeek Week(DateOnly monday)
    {
        if (monday.DayOfWeek != DayOfWeek.Monday)
            throw new HotlineException(RefusalCodes.RotaWeekNotMonday, "The week must start on a Monday.");
        var days = Enumerable.Range(0, 7).Select(offset =>
        {
            var date = monday.AddDays(offset);
            var covered = On(date).GroupBy(s => s.CounselorId).Select(MinutesCovered).ToList();
            var hours = Enumerable.Range(0, 24).Select(hour =>
            {
                var onShift = covered.Count(minutes => minutes.AsSpan(hour * 60, 60).IndexOf(false) < 0);
                var isOpen = OpenDuring(date, hour);
                return new RotaHour(hour, onShift, isOpen && onShift < minimumSeats, isOpen);
            }).ToList();
            return new RotaDay(date, date.DayOfWeek, hours);
        }).ToList();
        return new RotaWeek(monday, minimumSeats, days);
    }

    /// <summary>Each counsellor on shift at <paramref name="now"/> once, with the shift that holds them.</summary>
    public IReadOnlyList<ShiftTime> OnShiftAt(DateTimeOffset now) =>
        EachCounselorOnce(On(LocalDate(now)).Select(s => At(s, LocalDate(now))).Where(s => s.StartsAt <= now && now < s.EndsAt));

    /// <summary>
    /// Each counsellor once, with the shift that holds them longest (the one ending last), in the order of their ids:
    /// a counsellor on shift at two lines at once is one person to call, not two.
    /// </summary>
    public static IReadOnlyList<ShiftTime> EachCounselorOnce(IEnumerable<ShiftTime> onShift) =>
        onShift.OrderByDescending(s => s.EndsAt).DistinctBy(s => s.CounselorId).OrderBy(s => s.CounselorId, StringComparer.Ordinal).ToList();

    /// <summary>The soonest <paramref name="count"/> of shifts gathered from several lines' rotas.</summary>
    public static IReadOnlyList<ShiftTime> Soonest(IEnumerable<ShiftTime> shifts, int count = NextShiftCount) =>
        shifts.OrderBy(s => s.StartsAt).Take(count).ToList();

    /// <summary>How many next shifts a counsellor is shown.</summary>
    public const int NextShiftCount = 5;

    /// <summary>The counsellor's shifts not yet over at <paramref name="now"/>, soonest first.</summary>
    public IReadOnlyList<ShiftTime> NextShifts(string counselorId, DateTimeOffset now, int count = NextShiftCount)
    {
        var today = LocalDate(now);
        var theirs = shifts.Where(s => s.CounselorId == counselorId).ToList();
        // Weekly shifts recur within count weeks (plus today, whose shift may be over); single ones are wherever they are.
        var weekly = Enumerable.Range(0, count * 7 + 1).Select(today.AddDays)
            .SelectMany(date => theirs.Where(s => s.Date is null && s.Weekday == date.DayOfWeek).Select(s => At(s, date)));
        var single = theirs.Where(s => s.Date >= today).Select(s => At(s, s.Date!.Value));
        return Soonest(weekly.Concat(single).Where(s => s.EndsAt > now), count);
    }

    /// <summary>Open for any minute of the hour: a line opening at 08:30 needs its seats from 08:30, so 08:00–09:00 counts.</summary>
    private bool OpenDuring(DateOnly date, int hour) =>
        open is null || Enumerable.Range(hour * 60, 60).Any(minute => open(Utc(date, minute)));

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(utcOffset).DateTime);

    private IEnumerable<Shift> On(DateOnly date) =>
        shifts.Where(s => s.Date is { } day ? day == date : s.Weekday == date.DayOfWeek);

    private static bool[] MinutesCovered(IEnumerable<Shift> counselorShifts)
    {
        var minutes = new bool[24 * 60];
        foreach (var shift in counselorShifts)
            minutes.AsSpan(shift.StartMinute, shift.EndMinute - shift.StartMinute).Fill(true);
        return minutes;
    }

    private ShiftTime At(Shift shift, DateOnly date) =>
        new(shift.ShiftId, shift.CounselorId, date, shift.Start, shift.End, Utc(date, shift.StartMinute), Utc(date, shift.EndMinute));

    private DateTimeOffset Utc(DateOnly date, int minute) =>
        new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), utcOffset).AddMinutes(minute).ToUniversalTime();
}
