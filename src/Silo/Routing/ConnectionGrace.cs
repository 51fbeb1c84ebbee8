namespace Hotline.Silo.Routing;

/// <summary>
/// One party's live connections (a counsellor's pages, a worker's tabs), each held on a lease that its web node
/// renews, and the grace timer that runs once the last of them has gone. A connection can go two ways: its page
/// closes (the web node says so), or its web node dies and stops renewing it. Either way, if nobody comes back
/// within the grace time, the owner hears <paramref name="allGone"/>.
/// </summary>
/// <param name="matters">Whether being without connections matters now (a waiting worker, any counsellor).</param>
public sealed class ConnectionGrace(Grain owner, TimeProvider clock, RoutingOptions routing, Func<bool> matters, Func<Task> allGone)
{
    private readonly Dictionary<string, DateTimeOffset> _renewedAt = [];
    private IGrainTimer? _grace;
    private IGrainTimer? _leaseCheck;

    private TimeSpan Lease => TimeSpan.FromSeconds(routing.ConnectionLeaseSeconds);

    public bool AnyConnected => _renewedAt.Count > 0;

    /// <summary>A connection opened, or its web node renewed it.</summary>
    public void Connected(string connectionId)
    {
        _renewedAt[connectionId] = clock.GetUtcNow();
        _grace?.Dispose();
        _grace = null;
        _leaseCheck ??= owner.RegisterGrainTimer(DropUnrenewed, new GrainTimerCreationOptions
        {
            DueTime = Lease / 3,
            Period = Lease / 3,
            KeepAlive = true,
        });
    }

    public void Disconnected(string connectionId)
    {
        if (_renewedAt.Remove(connectionId))
            LastMayBeGone();
    }

    /// <summary>
    /// After a restart the grain does not know who is connected: their web nodes will say so at their next renewal.
    /// Until then nobody counts as gone; if nobody is renewed within a lease, the grace time starts.
    /// </summary>
    public void AwaitRenewals()
    {
        _grace?.Dispose();
        _grace = owner.RegisterGrainTimer(_ =>
        {
            _grace = null;
            LastMayBeGone();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions { DueTime = Lease, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    private Task DropUnrenewed(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = _renewedAt.Where(c => now - c.Value > Lease).Select(c => c.Key).ToList();
        foreach (var connectionId in expired)
            _renewedAt.Remove(connectionId);
        if (_renewedAt.Count == 0)
        {
            _leaseCheck?.Dispose();
            _leaseCheck = null;
        }
        if (expired.Count > 0)
            LastMayBeGone();
        return Task.CompletedTask;
    }

    private void LastMayBeGone()
    {
        if (_renewedAt.Count > 0 || !matters())
            return;
        _grace?.Dispose();
        _grace = owner.RegisterGrainTimer(async _ =>
        {
            _grace = null;
            if (_renewedAt.Count == 0)
                await allGone();
        }, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromSeconds(routing.DisconnectGraceSeconds),
            Period = Timeout.InfiniteTimeSpan,
            KeepAlive = true,
        });
    }
}
