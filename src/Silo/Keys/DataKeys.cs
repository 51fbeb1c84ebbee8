using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Hotline.Silo.Keys;

/// <summary>
/// <see cref="IDataKeys"/> over a store of wrapped keys. Unwrapped keys are kept in this silo's memory after first
/// use (every state read and write needs one), at most <paramref name="cacheSize"/> of them: past that the cache
/// starts afresh, and keys are unwrapped from the store again as they are used. Destroying a key drops it here too.
/// </summary>
public sealed class DataKeys(IWrappedKeyStore store, KeyEncryptionKeys keks, int cacheSize = DataKeys.DefaultCacheSize) : IDataKeys
{
    /// <summary>About the conversations of a busy week, and the grains around them: 32 bytes each.</summary>
    public const int DefaultCacheSize = 50_000;

    private readonly ConcurrentDictionary<string, byte[]> _open = new();

    /// <summary>How many unwrapped keys this silo holds now.</summary>
    public int Cached => _open.Count;

    public async Task<byte[]> GetOrCreate(string keyId)
    {
        if (_open.TryGetValue(keyId, out var key))
            return key;
        var stored = await store.Find(keyId) ?? await store.AddIfAbsent(keyId, keks.Wrap(keyId, RandomNumberGenerator.GetBytes(32)));
        return Keep(keyId, keks.Unwrap(keyId, stored));
    }

    public async Task<byte[]?> Find(string keyId)
    {
        if (_open.TryGetValue(keyId, out var key))
            return key;
        return await store.Find(keyId) is { } stored ? Keep(keyId, keks.Unwrap(keyId, stored)) : null;
    }

    public async Task Destroy(string keyId)
    {
        await store.Delete(keyId);
        _open.TryRemove(keyId, out _);
    }

    private byte[] Keep(string keyId, byte[] key)
    {
        if (_open.Count >= cacheSize)
            _open.Clear();
        return _open.GetOrAdd(keyId, key);
    }
}
