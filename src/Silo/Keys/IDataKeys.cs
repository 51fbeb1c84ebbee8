namespace Hotline.Silo.Keys;

/// <summary>
/// Per-conversation (and per-grain) data keys: 32 random bytes each, for AES-256-GCM, kept wrapped by a
/// key-encryption key in a store apart from the data they open. Records carry only a key's id. Destroying a key makes
/// every copy of what it sealed unreadable, wherever that copy is (SQLite pages and journal, Redis and its AOF,
/// archive blobs and their versions).
/// </summary>
public interface IDataKeys
{
    /// <summary>The key with this id, made (and stored wrapped) the first time it is asked for.</summary>
    Task<byte[]> GetOrCreate(string keyId);

    /// <summary>The key with this id, or null if it was never made or has been destroyed.</summary>
    Task<byte[]?> Find(string keyId);

    /// <summary>Deletes the key for good; what it sealed then reads as gone. Destroying a missing key does nothing.</summary>
    Task Destroy(string keyId);
}

/// <summary>Where wrapped data keys are kept: a SQLite file in the key directory (embedded), or Redis (cluster).</summary>
public interface IWrappedKeyStore
{
    Task<byte[]?> Find(string keyId);

    /// <summary>Stores <paramref name="wrapped"/> unless a key with this id is already stored; returns the one that is.</summary>
    Task<byte[]> AddIfAbsent(string keyId, byte[] wrapped);

    Task Delete(string keyId);
}
