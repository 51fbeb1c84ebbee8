using Hotline.Contracts.Workers;
using Hotline.Silo.Safety;

namespace Hotline.Tests.Safety;

public sealed class AddressAdmissionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 22, 0, 0, TimeSpan.Zero);
    private static readonly AddressLimits Limits = new(StartsPerMinute: 4, ChallengeAbovePerMinute: 2, WaitingChats: 3);

    private static SolvedChallenge Solved(string nonce) => new(nonce, Now.AddMinutes(2));

    [Fact]
    public void Above_the_soft_limit_a_start_needs_a_solved_challenge_each_spent_once()
    {
        var admission = new AddressAdmission();
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), Limits, null, Now));
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), Limits, null, Now));

        Assert.Equal(Admission.ChallengeNeeded, admission.Admit(Guid.NewGuid(), Limits, null, Now));
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), Limits, Solved("a"), Now));
        admission.Release(admission.Waiting.Keys.First());
        Assert.Equal(Admission.ChallengeNeeded, admission.Admit(Guid.NewGuid(), Limits, Solved("a"), Now));
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), Limits, Solved("b"), Now));
    }

    [Fact]
    public void An_expired_challenge_is_no_proof()
    {
        var admission = new AddressAdmission();
        var soft = Limits with { ChallengeAbovePerMinute = 0 };
        Assert.Equal(Admission.ChallengeNeeded, admission.Admit(Guid.NewGuid(), soft, new SolvedChallenge("a", Now), Now));
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), soft, new SolvedChallenge("a", Now.AddSeconds(1)), Now));
    }

    [Fact]
    public void At_the_hard_limit_even_a_solved_challenge_waits_until_the_minute_has_passed()
    {
        var admission = new AddressAdmission();
        var limits = Limits with { WaitingChats = 100 };
        for (var i = 0; i < 4; i++)
            Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), limits, Solved($"n{i}"), Now.AddSeconds(i)));

        Assert.Equal(Admission.TooManyStarts, admission.Admit(Guid.NewGuid(), limits, Solved("late"), Now.AddSeconds(59)));
        // The first arrival leaves the window a minute after it came; the others are still in it.
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), limits, Solved("late"), Now.AddSeconds(60)));
        Assert.Equal(Admission.TooManyStarts, admission.Admit(Guid.NewGuid(), limits, Solved("later"), Now.AddSeconds(60)));
    }

    [Fact]
    public void An_address_with_its_cap_of_chats_waiting_starts_no_more_until_one_stops_waiting()
    {
        var admission = new AddressAdmission();
        var limits = Limits with { ChallengeAbovePerMinute = 100, StartsPerMinute = 100 };
        var first = Guid.NewGuid();
        Assert.Equal(Admission.Admitted, admission.Admit(first, limits, null, Now));
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), limits, null, Now));
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), limits, null, Now));

        Assert.Equal(Admission.TooManyWaiting, admission.Admit(Guid.NewGuid(), limits, null, Now.AddHours(1)));
        admission.Release(first);
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), limits, null, Now.AddHours(1)));
    }

    [Fact]
    public void A_refused_start_counts_nothing()
    {
        var admission = new AddressAdmission();
        var limits = new AddressLimits(StartsPerMinute: 2, ChallengeAbovePerMinute: 1, WaitingChats: 10);
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), limits, null, Now));
        for (var i = 0; i < 5; i++)
            Assert.Equal(Admission.ChallengeNeeded, admission.Admit(Guid.NewGuid(), limits, null, Now));
        Assert.Single(admission.Waiting);
        Assert.Equal(Admission.Admitted, admission.Admit(Guid.NewGuid(), limits, Solved("a"), Now));
    }
}
