using Hotline.Contracts.Queues;
using Hotline.Silo.Routing;

namespace Hotline.Tests.Routing;

public sealed class OfferMatcherTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> Nobody = [];

    [Fact]
    public void Skill_and_language_match_first_then_the_one_idle_longest()
    {
        var onDuty = new[]
        {
            Seat("idle-longest-no-skill", 8.00, topics: ["family"]),
            Seat("skilled-recent", 9.30),
            Seat("skilled-longest", 9.10),
            Seat("skilled-wrong-language", 8.30, languages: ["en"]),
        };
        Assert.Equal("skilled-longest", Pick(onDuty, "work-career", "zh")!.CounselorId);
    }

    [Fact]
    public void Before_overflow_only_skilled_counselors_are_asked_after_it_anyone_who_speaks_the_language()
    {
        var onDuty = new[] { Seat("family-only", 8.00, topics: ["family"]), Seat("english-only", 7.00, languages: ["en"]) };
        Assert.Null(Pick(onDuty, "work-career", "zh"));
        Assert.Equal("family-only", Pick(onDuty, "work-career", "zh", overflowed: true)!.CounselorId);
    }

    [Fact]
    public void A_conversation_without_a_topic_goes_to_anyone_who_speaks_its_language()
    {
        var onDuty = new[] { Seat("later", 9.00, topics: ["family"]), Seat("earlier", 8.00, topics: ["gig-work"]) };
        Assert.Equal("earlier", Pick(onDuty, null, "zh")!.CounselorId);
    }

    [Fact]
    public void Counselors_who_let_this_conversation_go_or_have_no_free_seat_are_skipped()
    {
        var onDuty = new[] { Seat("declined", 8.00), Seat("full", 8.30, freeSeats: 0), Seat("free", 9.10) };
        Assert.Equal("free", OfferMatcher.Pick(onDuty, new OfferNeed(["work-career"], "zh", false, new HashSet<string> { "declined" }))!.CounselorId);
        Assert.Null(OfferMatcher.Pick(onDuty, new OfferNeed(["work-career"], "zh", true, new HashSet<string> { "declined", "free" })));
        Assert.Null(OfferMatcher.Pick([], new OfferNeed([], "zh", true, Nobody)));
    }

    [Fact]
    public void A_transferred_conversation_whose_topic_the_queue_does_not_serve_asks_for_any_topic_of_the_queue()
    {
        Assert.Equal(["family", "parenting"], OfferNeed.TopicsFor("work-career", ["family", "parenting"]));
        Assert.Equal(["family"], OfferNeed.TopicsFor("family", ["family", "parenting"]));
        Assert.Empty(OfferNeed.TopicsFor(null, []));
    }

    [Fact]
    public void A_counselor_serves_a_queue_when_they_speak_its_language_and_know_one_of_its_topics()
    {
        var seat = Seat("a", 9.00, topics: ["gig-work"]);
        Assert.True(OfferMatcher.Serves(seat, ["work-career", "gig-work"], "zh"));
        Assert.False(OfferMatcher.Serves(seat, ["family"], "zh"));
        Assert.False(OfferMatcher.Serves(seat, ["gig-work"], "en"));
        Assert.True(OfferMatcher.Serves(seat, [], null));
    }

    private static CounselorSeat? Pick(IEnumerable<CounselorSeat> onDuty, string? topic, string language, bool overflowed = false) =>
        OfferMatcher.Pick(onDuty, new OfferNeed(topic is null ? [] : [topic], language, overflowed, Nobody));

    private static CounselorSeat Seat(string id, double idleSinceHour, int freeSeats = 1, string[]? topics = null, string[]? languages = null) =>
        new(id, freeSeats, 3, 3 - freeSeats, Nine.AddHours(idleSinceHour - 9), topics ?? ["work-career", "gig-work"], languages ?? ["zh"]);
}

public sealed class WaitEstimateTests
{
    [Fact]
    public void Conversations_that_free_seats_can_take_now_wait_nothing()
    {
        Assert.Equal(0, WaitEstimate.Seconds(position: 2, freeSeats: 2, staffedSeats: 5, [600], defaultHandleSeconds: 900));
    }

    [Fact]
    public void Behind_the_free_seats_a_seat_frees_every_handle_time_divided_by_the_staffed_seats()
    {
        // 3 ahead of the free seat, 4 seats staffed, handle time measured at 400 s on average: 3 × 400 / 4.
        Assert.Equal(300, WaitEstimate.Seconds(position: 4, freeSeats: 1, staffedSeats: 4, [300, 500], defaultHandleSeconds: 900));
    }

    [Fact]
    public void With_nobody_on_duty_one_seat_is_assumed_and_the_default_stands_in_until_measured()
    {
        Assert.Equal(1800, WaitEstimate.Seconds(position: 2, freeSeats: 0, staffedSeats: 0, [], defaultHandleSeconds: 900));
    }
}
