using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

/// <summary>
/// The textbook example: 200 calls an hour, 180 s handle time (10 erlangs), 80 % answered within 20 s.
/// Published Erlang C tables give P(wait) 0.2853 and a service level of 79.6 % with 13 agents, 88.8 % with 14:
/// so 14 are needed.
/// </summary>
public sealed class ErlangCTests
{
    [Fact]
    public void The_probability_of_waiting_matches_the_tables()
    {
        Assert.Equal(0.2853, ErlangC.ProbabilityOfWaiting(13, 10), 4);
        Assert.Equal(0.1741, ErlangC.ProbabilityOfWaiting(14, 10), 4);
        Assert.Equal(1, ErlangC.ProbabilityOfWaiting(10, 10));
        Assert.Equal(0, ErlangC.ProbabilityOfWaiting(3, 0));
    }

    [Fact]
    public void The_service_level_matches_the_tables()
    {
        Assert.Equal(0.796, ErlangC.ServiceLevel(13, 10, 180, 20), 3);
        Assert.Equal(0.888, ErlangC.ServiceLevel(14, 10, 180, 20), 3);
    }

    [Fact]
    public void Fourteen_agents_are_needed_for_eighty_percent_in_twenty_seconds()
    {
        Assert.Equal(14, ErlangC.SeatsNeeded(200, 180, 20, 0.8));
        Assert.Equal(0, ErlangC.SeatsNeeded(0, 180, 20, 0.8));
    }

    [Fact]
    public void Counselors_holding_several_chats_need_fewer_people_for_the_same_seats()
    {
        Assert.Equal(14, ErlangC.CounselorsNeeded(200, 180, 20, 0.8, chatsPerCounselor: 1));
        Assert.Equal(5, ErlangC.CounselorsNeeded(200, 180, 20, 0.8, chatsPerCounselor: 3));
    }
}
