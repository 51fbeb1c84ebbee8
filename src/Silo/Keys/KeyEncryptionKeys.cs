using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Hotline.Silo.Keys;

/// <summary>
/// The key-encryption keys (KEK), by id: Hotline:Keys:Kek:&lt;id&gt; (base64, 32 bytes) or kek-&lt;id&gt;.key in the key
/// directory, configuration winning. New data keys are wrapped by the active one (Hotline:Keys:ActiveKekId); each
/// wrapped key names the KEK that wrapped it, so a new KEK becomes active without rewriting anything, as long as the
/// old ones stay configured.
/// </summary>
public sealed class KeyEncryptionKeys
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly IReadOnlyDictionary<string, byte[]> _keys;

    public KeyEncryptionKeys(IReadOnlyDictionary<string, byte[]> keys, string activeId)
    {
        if (!keys.TryGetValue(activeId, out var active) || active.Length != 32)
            throw new InvalidOperationException($"The active key-encryption key '{activeId}' must be configured ({KeyDirectory.Section}:Kek:{activeId}, or kek-{activeId}.key in the key directory), as 32 bytes (base64).");
        if (keys.FirstOrDefault(k => k.Value.Length != 32) is { Key: not null } wrong)
            throw new InvalidOperationException($"The key-encryption key '{wrong.Key}' must be 32 bytes (base64).");
        _keys = keys;
        ActiveId = activeId;
    }

    public string ActiveId { get; }

    /// <summary>
    /// From configuration and the key directory. With <paramref name="generateActive"/> (the embedded profile), a
    /// missing active KEK is generated into the key directory; in the cluster every silo must hold the same one.
    /// </summary>
    public static KeyEncryptionKeys From(IConfiguration configuration, KeyDirectory directory, bool generateActive)
    {
        var activeId = configuration[$"{KeyDirectory.Section}:ActiveKekId"] is { Length: > 0 } id ? id : "1";
        var keys = new Dictionary<string, byte[]>();
        foreach (var file in Directory.EnumerateFiles(directory.Path, "kek-*.key"))
            keys[Path.GetFileNameWithoutExtension(file)["kek-".Length..]] = SecretFile.Read(file)!;
        foreach (var configured in configuration.GetSection($"{KeyDirectory.Section}:Kek").GetChildren())
        {
            try
            {
                keys[configured.Key] = Convert.FromBase64String(configured.Value ?? "");
            }
            catch (FormatException e)
            {
                throw new InvalidOperationException($"{KeyDirectory.Section}:Kek:{configured.Key} is not base64.", e);
            }
        }
        if (!keys.ContainsKey(activeId) && generateActive)
            keys[activeId] = directory.Secret($"kek-{activeId}.key", 32);
        return new KeyEncryptionKeys(keys, activeId);
    }

    /// <summary>Wraps a data key with the active KEK; the associated data binds it to its id, so it cannot be moved to another.</summary>
    public byte[] Wrap(string dataKeyId, byte[] dataKey)
    {
        var kekId = Encoding.UTF8.GetBytes(ActiveId);
        // [length of KEK id][KEK id][nonce][tag][wrapped key]
        var wrapped = new byte[1 + kekId.Length + NonceSize + TagSize + dataKey.Length];
        wrapped[0] = checked((byte)kekId.Length);
        kekId.CopyTo(wrapped, 1);
        var nonce = wrapped.AsSpan(1 + kekId.Length, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[ActiveId], TagSize);
        aes.Encrypt(nonce, dataKey, wrapped.AsSpan(1 + kekId.Length + NonceSize + TagSize), wrapped.AsSpan(1 + kekId.Length + NonceSize, TagSize), AssociatedData(dataKeyId));
        return wrapped;
    }

    /// <summary>The KEK id a wrapped key names.</summary>
    public static string WrappedBy(byte[] wrapped) => Encoding.UTF8.GetString(wrapped, 1, wrapped[0]);

    /// <summary>Unwraps a data key; throws <see cref="CryptographicException"/> if it was altered, moved, or its KEK is not configured.</summary>
    public byte[] Unwrap(string dataKeyId, byte[] wrapped)
    {
        var kekId = WrappedBy(wrapped);
        if (!_keys.TryGetValue(kekId, out var kek))
            throw new CryptographicException($"The data key '{dataKeyId}' is wrapped by key-encryption key '{kekId}', which is not configured.");
        var offset = 1 + wrapped[0];
        var dataKey = new byte[wrapped.Length - offset - NonceSize - TagSize];
        using var aes = new AesGcm(kek, TagSize);
        aes.Decrypt(wrapped.AsSpan(offset, NonceSize), wrapped.AsSpan(offset + NonceSize + TagSize), wrapped.AsSpan(offset + NonceSize, TagSize), dataKey, AssociatedData(dataKeyId));
        return dataKey;
    }

    private static byte[] AssociatedData(string dataKeyId) => Encoding.UTF8.GetBytes($"hotline-data-key|{dataKeyId}");
}
