using Hotline.Contracts;
using Hotline.Contracts.Rota;
using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

public sealed class ShiftRulesTests
{
    private static readonly DateOnly Today = new(2026, 7, 6);

    [Fact]
    public void A_weekly_and_a_single_shift_are_read()
    {
        var weekly = ShiftRules.Parse(new NewShift(" li ", "tuesday", null, "08:30", "24:00"), Guid.Empty, Today);
        Assert.Equal(("li", DayOfWeek.Tuesday, (DateOnly?)null, 510, 1440), (weekly.CounselorId, weekly.Weekday!.Value, weekly.Date, weekly.StartMinute, weekly.EndMinute));

        var single = ShiftRules.Parse(new NewShift("li", null, "2026-07-06", "00:00", "06:00"), Guid.Empty, Today);
        Assert.Equal((Today, "00:00", "06:00"), (single.Date!.Value, single.Start, single.End));
    }

    [Theory]
    [InlineData(null, "Monday", null, "08:00", "10:00", "counselorId")]
    [InlineData("li", null, null, "08:00", "10:00", "either weekday")]
    [InlineData("li", "Monday", "2026-07-07", "08:00", "10:00", "either weekday")]
    [InlineData("li", "1", null, "08:00", "10:00", "weekday must")]
    [InlineData("li", "Monday, Tuesday", null, "08:00", "10:00", "weekday must")]
    [InlineData("li", null, "07/07/2026", "08:00", "10:00", "YYYY-MM-DD")]
    [InlineData("li", null, "2026-07-05", "08:00", "10:00", "past")]
    [InlineData("li", null, "2028-07-05", "08:00", "10:00", "ahead")]
    [InlineData("li", "Monday", null, "8am", "10:00", "start must")]
    [InlineData("li", "Monday", null, "08:00", "24:30", "end must be a time")]
    [InlineData("li", "Monday", null, "10:00", "10:00", "after start")]
    [InlineData("li", "Monday", null, "22:00", "06:00", "night shift")]
    [InlineData("li", "Monday", null, "24:00", "24:00", "before 24:00")]
    public void Bad_shifts_are_refused_with_a_reason(string? counselor, string? weekday, string? date, string? start, string? end, string reason)
    {
        var refused = Assert.Throws<HotlineException>(() => ShiftRules.Parse(new NewShift(counselor, weekday, date, start, end), Guid.Empty, Today));
        Assert.Contains(reason, refused.Message);
    }
}
