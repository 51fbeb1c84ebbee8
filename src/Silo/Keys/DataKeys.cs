using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Hotline.Silo.Keys;

/// <summary>
/// <see cref="IDataKeys"/> over a store of wrapped keys. Unwrapped keys are kept in this silo's memory after first
/// use (every state read and write needs one); destroying a key drops it here too.
/// </summary>
public sealed class DataKeys(IWrappedKeyStore store, KeyEncryptionKeys keks) : IDataKeys
{
    private readonly ConcurrentDictionary<string, byte[]> _open = new();

    public async Task<byte[]> GetOrCreate(string keyId)
    {
        if (_open.TryGetValue(keyId, out var key))
            return key;
        var stored = await store.Find(keyId) ?? await store.AddIfAbsent(keyId, keks.Wrap(keyId, RandomNumberGenerator.GetBytes(32)));
        return _open.GetOrAdd(keyId, keks.Unwrap(keyId, stored));
    }

    public async Task<byte[]?> Find(string keyId)
    {
        if (_open.TryGetValue(keyId, out var key))
            return key;
        return await store.Find(keyId) is { } stored ? _open.GetOrAdd(keyId, keks.Unwrap(keyId, stored)) : null;
    }

    public async Task Destroy(string keyId)
    {
        await store.Delete(keyId);
        _open.TryRemove(keyId, out _);
    }
}
