using System.Collections.Concurrent;

namespace Hotline.Web.Abuse;

/// <summary>
/// Live hub connections per client address on this web node, counted by the hub filter as they open and close. In
/// memory only, by <see cref="ClientAddress"/> key. Per node rather than cluster-wide: a connection lives and dies
/// on one node, and a node that crashes takes its counts with it, where a shared count would stay high for ever.
/// </summary>
public sealed class AddressConnections
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one more connection for <paramref name="key"/>, unless it already has <paramref name="cap"/>.</summary>
    public bool TryOpen(string key, int cap)
    {
        while (true)
        {
            var open = _open.GetValueOrDefault(key);
            if (open >= cap)
                return false;
            if (open == 0 ? _open.TryAdd(key, 1) : _open.TryUpdate(key, open + 1, open))
                return true;
        }
    }

    public void Close(string key)
    {
        while (_open.TryGetValue(key, out var open))
        {
            if (open <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(key, open)) : _open.TryUpdate(key, open - 1, open))
                return;
        }
    }
}
