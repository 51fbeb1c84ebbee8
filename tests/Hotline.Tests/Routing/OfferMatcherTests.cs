using Hotline.Contracts.Queues;
using Hotline.Silo.Routing;

namespace Hotline.Tests.Routing;

public sealed class OfferMatcherTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_counselor_idle_longest_gets_the_offer()
    {
        var ready = new[] { Seat("recent", 9.30), Seat("longest", 9.00), Seat("middle", 9.15) };
        Assert.Equal("longest", OfferMatcher.Pick(ready, new HashSet<string>())!.CounselorId);
    }

    [Fact]
    public void Counselors_who_let_this_conversation_go_or_have_no_seat_are_skipped()
    {
        var ready = new[] { Seat("declined", 9.00), Seat("full", 9.05, freeSeats: 0), Seat("free", 9.10) };
        Assert.Equal("free", OfferMatcher.Pick(ready, new HashSet<string> { "declined" })!.CounselorId);
        Assert.Null(OfferMatcher.Pick(ready, new HashSet<string> { "declined", "free" }));
        Assert.Null(OfferMatcher.Pick([], new HashSet<string>()));
    }

    private static CounselorSeat Seat(string id, double hour, int freeSeats = 1) =>
        new(id, freeSeats, Nine.AddHours(hour - 9));
}

public sealed class WaitEstimateTests
{
    [Fact]
    public void The_estimate_is_the_position_times_the_measured_mean_time_to_answer()
    {
        Assert.Equal(90, WaitEstimate.Seconds(3, [20, 40], defaultAnswerSeconds: 60));
        Assert.Equal(30, WaitEstimate.Seconds(1, [30], defaultAnswerSeconds: 60));
    }

    [Fact]
    public void Until_anything_is_measured_the_default_stands_in()
    {
        Assert.Equal(120, WaitEstimate.Seconds(2, [], defaultAnswerSeconds: 60));
    }
}
