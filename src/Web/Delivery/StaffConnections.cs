using System.Collections.Concurrent;
using Hotline.Web.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Delivery;

/// <summary>
/// The staff connections this node holds, so that a disabled account can be cut off at once, and the lines each
/// supervisor connection covers, so that what is pushed to supervisors reaches each only as their lines allow.
/// </summary>
public sealed class StaffConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();
    private readonly ConcurrentDictionary<string, StaffScope> _supervisors = new();

    public void Add(HubCallerContext context, StaffScope? supervising = null)
    {
        _connections[context.ConnectionId] = context;
        if (supervising is not null)
            _supervisors[context.ConnectionId] = supervising;
    }

    public void Remove(HubCallerContext context)
    {
        _connections.TryRemove(context.ConnectionId, out _);
        _supervisors.TryRemove(context.ConnectionId, out _);
    }

    /// <summary>Each supervisor connection here, with the lines it covers.</summary>
    public IEnumerable<(string ConnectionId, StaffScope Scope)> Supervisors => _supervisors.Select(s => (s.Key, s.Value));

    public void Abort(string userId)
    {
        foreach (var context in _connections.Values.Where(c => c.UserIdentifier == userId))
            context.Abort();
    }
}
