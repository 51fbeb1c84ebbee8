using Hotline.Contracts.Queues;
using Hotline.Silo.Routing;

namespace Hotline.Tests.Routing;

public sealed class SteadyStaffingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(120);

    private static CounselorSeat Seat(string id, int capacity = 2) => new(id, FreeSeats: capacity, capacity, Held: 0, Now, ["emotional"], ["zh"]);

    [Fact]
    public void A_counsellor_who_just_went_away_still_counts_with_their_seat_until_the_steady_time_has_passed()
    {
        var staffing = new SteadyStaffing(Steady);
        var li = Seat("li");
        staffing.OffDuty(li, Now);

        Assert.Equal([li], staffing.Counted([], Now.AddSeconds(119)));
        Assert.Equal(Now.AddSeconds(120), staffing.NextChange);
        Assert.Empty(staffing.Counted([], Now.AddSeconds(120)));
        Assert.Null(staffing.NextChange);
    }

    [Fact]
    public void One_back_on_duty_counts_once_with_the_seat_the_roster_has_now()
    {
        var staffing = new SteadyStaffing(Steady);
        staffing.OffDuty(Seat("li", capacity: 3), Now);
        var back = Seat("li", capacity: 1);

        Assert.Equal([back], staffing.Counted([back], Now.AddSeconds(10)));
        staffing.OnDuty("li");
        Assert.Null(staffing.NextChange);
        Assert.Empty(staffing.Counted([], Now.AddSeconds(11)));
    }

    [Fact]
    public void A_brief_away_moves_no_estimate_while_one_gone_for_good_leaves_nobody_on_duty()
    {
        // The case: the only counsellor, with free seats, goes Away for a moment.
        var staffing = new SteadyStaffing(Steady);
        var li = Seat("li", capacity: 3);
        int Estimate(IReadOnlyList<CounselorSeat> seats) =>
            WaitEstimate.Seconds(1, seats.Sum(s => s.Capacity - s.Held), seats.Sum(s => s.Capacity), [], defaultHandleSeconds: 900);

        var before = Estimate(staffing.Counted([li], Now));
        staffing.OffDuty(li, Now);
        Assert.Equal(before, Estimate(staffing.Counted([], Now.AddSeconds(30))));
        Assert.Empty(staffing.Counted([], Now.AddSeconds(121)));
    }
}
