namespace Hotline.Contracts.Accounts;

/// <summary>
/// How long failed sign-ins make the next attempt wait: none for the first <paramref name="FreeFailures"/>, then
/// <paramref name="FirstWait"/>, doubling with each further failure up to <paramref name="MaxWait"/>. A count whose
/// last failure is <paramref name="ForgetAfter"/> old starts again from nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.BackOffRule")]
public sealed record BackOffRule(int FreeFailures, TimeSpan FirstWait, TimeSpan MaxWait, TimeSpan ForgetAfter)
{
    public TimeSpan WaitAfter(int failures)
    {
        var beyond = failures - FreeFailures;
        if (beyond <= 0)
            return TimeSpan.Zero;
        // 2^30 first waits is beyond any sensible cap; stopping there keeps the arithmetic finite.
        var wait = FirstWait * Math.Pow(2, Math.Min(beyond - 1, 30));
        return wait < MaxWait ? wait : MaxWait;
    }
}

/// <summary>
/// Failed sign-ins of one client: one account from one address, or one address on any account. Keyed by a keyed hash
/// of the two (never an address or a user name in clear), and kept in memory only: forgotten when the silo restarts
/// or the grain is idle, which a back-off can afford.
/// </summary>
public interface ISignInBackOffGrain : IGrainWithStringKey
{
    /// <summary>
    /// The wait the count imposes (the whole of it: waiting that long from now is always enough) while it still runs;
    /// zero when the next attempt may be tried now. Whole, so that the answer does not depend on when it is asked.
    /// </summary>
    Task<TimeSpan> Wait(BackOffRule rule);

    Task RecordFailure(BackOffRule rule);

    Task Clear();
}
