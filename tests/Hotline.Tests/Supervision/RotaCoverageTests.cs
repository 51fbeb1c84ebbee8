using Hotline.Contracts;
using Hotline.Contracts.Rota;
using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

public sealed class RotaCoverageTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateOnly Monday = new(2026, 7, 6);

    private static Shift Weekly(string counselor, DayOfWeek day, int startHour, int endHour) =>
        new(Guid.NewGuid(), counselor, day, null, startHour * 60, endHour * 60);

    private static Shift Once(string counselor, DateOnly date, int startMinute, int endMinute) =>
        new(Guid.NewGuid(), counselor, null, date, startMinute, endMinute);

    [Fact]
    public void Weekly_and_single_shifts_are_counted_in_their_hours_and_short_hours_are_marked()
    {
        var coverage = new RotaCoverage(
            [Weekly("li", DayOfWeek.Monday, 9, 17), Weekly("wang", DayOfWeek.Monday, 12, 24), Once("zhao", Monday.AddDays(1), 9 * 60, 10 * 60)],
            Beijing, minimumSeats: 2);

        var week = coverage.Week(Monday);

        Assert.Equal(7, week.Days.Count);
        var monday = week.Days[0].Hours;
        Assert.Equal([0, 1, 1, 2, 2, 1, 1], new[] { 8, 9, 11, 12, 16, 17, 23 }.Select(h => monday[h].OnShift));
        Assert.Equal([true, true, false, false, true], new[] { 8, 11, 12, 16, 17 }.Select(h => monday[h].BelowMinimum));
        Assert.Equal(1, week.Days[1].Hours[9].OnShift);
        Assert.Equal(0, week.Days[1].Hours[10].OnShift);
        Assert.All(week.Days.Skip(2).SelectMany(d => d.Hours), h => Assert.True(h.BelowMinimum));
        // Next Monday is the same weekday: the weekly shifts recur, the single one does not.
        Assert.Equal(2, coverage.Week(Monday.AddDays(7)).Days[0].Hours[12].OnShift);
        Assert.Equal(0, coverage.Week(Monday.AddDays(7)).Days[1].Hours[9].OnShift);
    }

    [Fact]
    public void An_hour_the_line_is_closed_throughout_is_never_short_and_an_hour_it_opens_in_is()
    {
        // Open 08:30 to 22:00 Beijing time, as a city line's hours say.
        var coverage = new RotaCoverage([Weekly("li", DayOfWeek.Monday, 9, 17)], Beijing, minimumSeats: 1,
            open: at => at.ToOffset(Beijing).TimeOfDay >= new TimeSpan(8, 30, 0) && at.ToOffset(Beijing).TimeOfDay < new TimeSpan(22, 0, 0));

        var monday = coverage.Week(Monday).Days[0].Hours;

        Assert.Equal([(false, false), (true, true), (true, false), (true, true), (false, false)],
            new[] { 7, 8, 9, 21, 22 }.Select(h => (monday[h].Open, monday[h].BelowMinimum)));
    }

    [Fact]
    public void An_hour_counts_only_when_covered_whole_and_one_counselor_counts_once()
    {
        var coverage = new RotaCoverage(
            [Once("li", Monday, 8 * 60 + 30, 10 * 60), Once("wang", Monday, 8 * 60, 8 * 60 + 30), Once("wang", Monday, 8 * 60 + 30, 9 * 60),
             Weekly("wang", DayOfWeek.Monday, 8, 9)],
            Beijing, minimumSeats: 1);

        var hours = coverage.Week(Monday).Days[0].Hours;

        Assert.Equal(1, hours[8].OnShift);
        Assert.Equal(1, hours[9].OnShift);
        Assert.False(hours[8].BelowMinimum);
    }

    [Fact]
    public void A_week_must_start_on_a_monday()
    {
        var refused = Assert.Throws<HotlineException>(() => new RotaCoverage([], Beijing, 2).Week(Monday.AddDays(1)));
        Assert.Contains("Monday", refused.Message);
    }

    [Fact]
    public void Who_is_on_shift_follows_the_hotlines_offset_from_utc()
    {
        var shifts = new[] { Weekly("li", DayOfWeek.Monday, 8, 10), Weekly("wang", DayOfWeek.Sunday, 22, 24) };
        // 01:30 UTC on Monday is 09:30 in Beijing: li is on shift. At offset 0 it is 01:30: nobody.
        var at = new DateTimeOffset(2026, 7, 6, 1, 30, 0, TimeSpan.Zero);

        var beijing = Assert.Single(new RotaCoverage(shifts, Beijing, 2).OnShiftAt(at));
        Assert.Equal("li", beijing.CounselorId);
        Assert.Equal(new DateTimeOffset(2026, 7, 6, 0, 0, 0, TimeSpan.Zero), beijing.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 7, 6, 2, 0, 0, TimeSpan.Zero), beijing.EndsAt);
        Assert.Empty(new RotaCoverage(shifts, TimeSpan.Zero, 2).OnShiftAt(at));
        // 14:30 UTC on Sunday is 22:30 in Beijing.
        Assert.Equal("wang", Assert.Single(new RotaCoverage(shifts, Beijing, 2).OnShiftAt(at.AddHours(-11))).CounselorId);
        Assert.Equal("24:00", Weekly("wang", DayOfWeek.Sunday, 22, 24).End);
    }

    [Fact]
    public void Next_shifts_are_the_next_five_soonest_first_with_the_current_one()
    {
        var shifts = new[]
        {
            Weekly("li", DayOfWeek.Monday, 8, 10), Weekly("li", DayOfWeek.Wednesday, 14, 18),
            Once("li", Monday.AddDays(1), 9 * 60, 12 * 60), Once("li", Monday.AddDays(100), 9 * 60, 12 * 60),
            Weekly("wang", DayOfWeek.Monday, 8, 10),
        };
        var coverage = new RotaCoverage(shifts, Beijing, 2);
        var mondayNineBeijing = new DateTimeOffset(2026, 7, 6, 1, 0, 0, TimeSpan.Zero);

        var next = coverage.NextShifts("li", mondayNineBeijing);

        Assert.Equal(
            [(Monday, "08:00"), (Monday.AddDays(1), "09:00"), (Monday.AddDays(2), "14:00"), (Monday.AddDays(7), "08:00"), (Monday.AddDays(9), "14:00")],
            next.Select(s => (s.Date, s.Start)));
        Assert.All(next, s => Assert.Equal("li", s.CounselorId));
        // Once Monday's shift is over it is no longer among them.
        Assert.Equal(Monday.AddDays(1), coverage.NextShifts("li", mondayNineBeijing.AddHours(1)).First().Date);
        Assert.Empty(coverage.NextShifts("zhao", mondayNineBeijing));
    }

    [Fact]
    public void A_counsellor_on_shift_at_two_lines_is_listed_once_with_the_shift_that_lasts_longest()
    {
        // Changsha's rota holds li 08–12 and Zhuzhou's li 10–18: at 11:00 the province sees li once, on shift until 18:00.
        var changsha = new RotaCoverage([Weekly("li", DayOfWeek.Monday, 8, 12), Weekly("zhao", DayOfWeek.Monday, 9, 13)], Beijing, 2);
        var zhuzhou = new RotaCoverage([Weekly("li", DayOfWeek.Monday, 10, 18), Weekly("chen", DayOfWeek.Monday, 11, 12)], Beijing, 2);
        var at = new DateTimeOffset(2026, 7, 6, 3, 0, 0, TimeSpan.Zero);

        var both = RotaCoverage.EachCounselorOnce(changsha.OnShiftAt(at).Concat(zhuzhou.OnShiftAt(at)));

        Assert.Equal(["chen", "li", "zhao"], both.Select(s => s.CounselorId));
        Assert.Equal(new DateTimeOffset(2026, 7, 6, 10, 0, 0, TimeSpan.Zero), both.Single(s => s.CounselorId == "li").EndsAt);
    }

    [Fact]
    public void Next_shifts_gathered_from_several_lines_are_the_soonest_five()
    {
        var now = new DateTimeOffset(2026, 7, 6, 0, 0, 0, TimeSpan.Zero);
        var changsha = new RotaCoverage([Weekly("li", DayOfWeek.Tuesday, 8, 10), Weekly("li", DayOfWeek.Thursday, 8, 10)], Beijing, 2);
        var zhuzhou = new RotaCoverage([Weekly("li", DayOfWeek.Wednesday, 8, 10)], Beijing, 2);

        var next = RotaCoverage.Soonest(changsha.NextShifts("li", now).Concat(zhuzhou.NextShifts("li", now)));

        Assert.Equal(RotaCoverage.NextShiftCount, next.Count);
        Assert.Equal([DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Tuesday, DayOfWeek.Wednesday], next.Select(s => s.Date.DayOfWeek));
        Assert.Equal(next.OrderBy(s => s.StartsAt), next);
    }
}
