using Hotline.Contracts.Accounts;

namespace Hotline.Tests.Grains;

/// <summary>The sign-in back-off's count, on the fake clock: the wait doubles up to its cap and is forgotten in time.</summary>
public sealed class SignInBackOffGrainTests : HotlineTestCluster
{
    private static readonly BackOffRule Rule = new(FreeFailures: 0, FirstWait: TimeSpan.FromSeconds(1), MaxWait: TimeSpan.FromSeconds(8), ForgetAfter: TimeSpan.FromMinutes(15));

    [Fact]
    public async Task The_wait_doubles_with_each_failure_up_to_its_cap()
    {
        var count = Grains.GetGrain<ISignInBackOffGrain>("account-and-address");
        Assert.Equal(TimeSpan.Zero, await count.Wait(Rule));

        var waits = new List<TimeSpan>();
        for (var failure = 0; failure < 6; failure++)
        {
            await count.RecordFailure(Rule);
            var wait = await count.Wait(Rule);
            waits.Add(wait);
            // Just before the wait is over it still holds, and is told whole; then the next attempt may be tried.
            await Advance(wait - TimeSpan.FromMilliseconds(1));
            Assert.Equal(wait, await count.Wait(Rule));
            await Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(TimeSpan.Zero, await count.Wait(Rule));
        }
        Assert.Equal([1, 2, 4, 8, 8, 8], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task A_success_or_a_quiet_quarter_of_an_hour_starts_the_count_again()
    {
        var count = Grains.GetGrain<ISignInBackOffGrain>("cleared");
        for (var failure = 0; failure < 3; failure++)
            await count.RecordFailure(Rule);
        await count.Clear();
        Assert.Equal(TimeSpan.Zero, await count.Wait(Rule));
        await count.RecordFailure(Rule);
        Assert.Equal(TimeSpan.FromSeconds(1), await count.Wait(Rule));

        var forgotten = Grains.GetGrain<ISignInBackOffGrain>("forgotten");
        for (var failure = 0; failure < 3; failure++)
            await forgotten.RecordFailure(Rule);
        await Advance(TimeSpan.FromMinutes(15));
        await forgotten.RecordFailure(Rule);
        Assert.Equal(TimeSpan.FromSeconds(1), await forgotten.Wait(Rule));
    }

    [Fact]
    public async Task An_address_rule_lets_its_free_failures_pass_before_waiting()
    {
        var perAddress = Rule with { FreeFailures = 3 };
        var count = Grains.GetGrain<ISignInBackOffGrain>("address");
        for (var failure = 0; failure < 3; failure++)
        {
            await count.RecordFailure(perAddress);
            Assert.Equal(TimeSpan.Zero, await count.Wait(perAddress));
        }
        await count.RecordFailure(perAddress);
        Assert.Equal(TimeSpan.FromSeconds(1), await count.Wait(perAddress));
    }
}
