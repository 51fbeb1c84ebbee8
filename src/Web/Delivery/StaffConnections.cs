using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Delivery;

/// <summary>The staff connections this node holds, so that a disabled account can be cut off at once.</summary>
public sealed class StaffConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();

    public void Add(HubCallerContext context) => _connections[context.ConnectionId] = context;

    public void Remove(HubCallerContext context) => _connections.TryRemove(context.ConnectionId, out _);

    public void Abort(string userId)
    {
        foreach (var context in _connections.Values.Where(c => c.UserIdentifier == userId))
            context.Abort();
    }
}
