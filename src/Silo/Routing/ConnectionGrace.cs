namespace Hotline.Silo.Routing;

/// <summary>
/// One party's live connections (a counsellor's pages, a worker's tabs), and the timer that runs once the last of
/// them has gone: if nobody comes back within the grace time, its owner treats the party as gone.
/// </summary>
public sealed class ConnectionGrace
{
    private readonly HashSet<string> _connections = [];
    private IGrainTimer? _timer;

    public bool AnyConnected => _connections.Count > 0;

    public void Connected(string connectionId)
    {
        _connections.Add(connectionId);
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Starts the grace timer (through <paramref name="startTimer"/>) when this was the last connection and <paramref name="matters"/>.</summary>
    public void Disconnected(string connectionId, bool matters, Func<IGrainTimer> startTimer)
    {
        if (!_connections.Remove(connectionId) || _connections.Count > 0 || !matters)
            return;
        _timer?.Dispose();
        _timer = startTimer();
    }

    /// <summary>Called by the timer's callback: it has fired and needs no disposing.</summary>
    public void Elapsed() => _timer = null;
}
