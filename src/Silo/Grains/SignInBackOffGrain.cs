using Hotline.Contracts.Accounts;

namespace Hotline.Silo.Grains;

/// <summary>
/// The failed sign-ins of one client (see <see cref="ISignInBackOffGrain"/>). No persistent state on purpose: counts
/// of attempts are not worth a write each, and an address (even hashed) is better not kept on disk.
/// </summary>
public sealed class SignInBackOffGrain(TimeProvider clock) : Grain, ISignInBackOffGrain
{
    private int _failures;
    private DateTimeOffset _lastFailure;

    public Task<TimeSpan> Wait(BackOffRule rule)
    {
        Forget(rule);
        var wait = rule.WaitAfter(_failures);
        return Task.FromResult(_lastFailure + wait > clock.GetUtcNow() ? wait : TimeSpan.Zero);
    }

    public Task RecordFailure(BackOffRule rule)
    {
        Forget(rule);
        _failures++;
        _lastFailure = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task Clear()
    {
        _failures = 0;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void Forget(BackOffRule rule)
    {
        if (_failures > 0 && clock.GetUtcNow() - _lastFailure >= rule.ForgetAfter)
            _failures = 0;
    }
}
