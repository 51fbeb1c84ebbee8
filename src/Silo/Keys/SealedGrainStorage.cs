using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Silo.Keys;

/// <summary>
/// Puts every grain state through AES-256-GCM on its way to the store underneath (SQLite or Redis), with the data key
/// of its conversation or grain (<see cref="DataKeyIds"/>); the associated data binds the ciphertext to its grain and
/// state name, so a state moved or swapped fails to open. ETags pass through untouched. A state that no longer opens
/// (its key destroyed) reads as no record, with the store's ETag kept so the grain can write a fresh one.
/// State written before sealing existed is read as it is, and sealed on its next write.
/// </summary>
public sealed class SealedGrainStorage(IGrainStorage inner, IDataKeys keys, Serializer serializer, ILogger<SealedGrainStorage> logger) : IGrainStorage
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = new GrainState<object>();
        object? found;
        try
        {
            await inner.ReadStateAsync(stateName, grainId, stored);
            found = stored.RecordExists ? stored.State : null;
        }
        catch (Exception e) when (e is CodecNotFoundException or SerializerException)
        {
            // Written by the store alone before states were sealed: its codec names no type, so it reads only as T.
            await inner.ReadStateAsync(stateName, grainId, grainState);
            return;
        }
        grainState.ETag = stored.ETag;
        if (found is SealedState sealedState && await Open<T>(sealedState, stateName, grainId) is { } state)
        {
            grainState.State = state;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var keyId = DataKeyIds.For(grainId);
        var key = await keys.GetOrCreate(keyId);
        var plaintext = serializer.SerializeToArray(grainState.State);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var tag = new byte[TagSize];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(key, TagSize))
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(stateName, grainId));
        var stored = new GrainState<object>(new SealedState(keyId, nonce, tag, ciphertext), grainState.ETag) { RecordExists = grainState.RecordExists };
        await inner.WriteStateAsync(stateName, grainId, stored);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.RecordExists;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = new GrainState<object>(new object(), grainState.ETag) { RecordExists = grainState.RecordExists };
        await inner.ClearStateAsync(stateName, grainId, stored);
        grainState.ETag = stored.ETag;
        grainState.RecordExists = stored.RecordExists;
        grainState.State = Activator.CreateInstance<T>();
    }

    /// <summary>The state, or null if its key is gone or it does not authenticate.</summary>
    private async Task<T?> Open<T>(SealedState sealedState, string stateName, GrainId grainId)
    {
        var key = await keys.Find(sealedState.KeyId);
        if (key is null)
        {
            logger.LogInformation("The {StateName} state of {GrainId} was sealed with data key {KeyId}, which is destroyed: it reads as no record.", stateName, grainId, sealedState.KeyId);
            return default;
        }
        var plaintext = new byte[sealedState.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, sealedState.Tag.Length);
            aes.Decrypt(sealedState.Nonce, sealedState.Ciphertext, sealedState.Tag, plaintext, AssociatedData(stateName, grainId));
        }
        catch (CryptographicException)
        {
            logger.LogWarning("The {StateName} state of {GrainId} does not authenticate with data key {KeyId} (altered, moved, or sealed by a destroyed key): it reads as no record.", stateName, grainId, sealedState.KeyId);
            return default;
        }
        return serializer.Deserialize<T>(plaintext);
    }

    private static byte[] AssociatedData(string stateName, GrainId grainId) =>
        Encoding.UTF8.GetBytes($"hotline-state|{grainId}|{stateName}");
}
