using System.Security.Cryptography;

namespace Hotline.Silo.Records;

/// <summary>A sealed record: which key sealed it, the nonce, the tag, and the ciphertext.</summary>
[GenerateSerializer, Immutable, Alias("hotline.SealedRecord")]
public sealed record SealedRecord(string KeyId, byte[] Nonce, byte[] Tag, byte[] Ciphertext);

/// <summary>
/// AES-GCM for archived records. Each record is sealed with the active key, whose id is kept beside it, so that keys
/// can be rotated and old records still opened. The associated data binds a record to its conversation and close
/// time: a record moved, swapped or altered fails to open.
/// </summary>
public sealed class ArchiveCipher
{
    private readonly IReadOnlyDictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public ArchiveCipher(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        if (!keys.TryGetValue(activeKeyId, out var active) || active.Length != 32)
            throw new InvalidOperationException($"The archive's active key '{activeKeyId}' must be configured, as 32 bytes (base64).");
        _keys = keys;
        _activeKeyId = activeKeyId;
    }

    /// <summary>
    /// The same key ids with keys derived for another <paramref name="purpose"/> (HKDF-SHA256): what one seals, the
    /// other cannot open.
    /// </summary>
    public ArchiveCipher For(string purpose) => new(
        _keys.ToDictionary(k => k.Key, k => HKDF.DeriveKey(HashAlgorithmName.SHA256, k.Value, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose))),
        _activeKeyId);

    public SealedRecord Seal(byte[] plaintext, byte[] associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var ciphertext = new byte[plaintext.Length];
        using var aes = new AesGcm(_keys[_activeKeyId], tag.Length);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        return new SealedRecord(_activeKeyId, nonce, tag, ciphertext);
    }

    /// <summary>Opens a sealed record; throws <see cref="ArchiveTamperedException"/> if anything in it or its associated data changed.</summary>
    public byte[] Open(SealedRecord sealedRecord, byte[] associatedData)
    {
        if (!_keys.TryGetValue(sealedRecord.KeyId, out var key))
            throw new ArchiveTamperedException($"The record names key '{sealedRecord.KeyId}', which is not configured.");
        var plaintext = new byte[sealedRecord.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, sealedRecord.Tag.Length);
            aes.Decrypt(sealedRecord.Nonce, sealedRecord.Ciphertext, sealedRecord.Tag, plaintext, associatedData);
        }
        catch (CryptographicException e)
        {
            throw new ArchiveTamperedException("The archived record does not authenticate: it was altered, moved, or sealed with another key.", e);
        }
        return plaintext;
    }
}

public sealed class ArchiveTamperedException(string message, Exception? inner = null) : Exception(message, inner);
