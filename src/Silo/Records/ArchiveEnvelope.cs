using System.Text;
using System.Text.Json;
using Hotline.Contracts.Records;
using Hotline.Silo.Keys;

namespace Hotline.Silo.Records;

/// <summary>
/// How a record is stored, as a file or a blob: a small JSON envelope. The conversation id, close time and key id
/// sit in clear (retention needs the close time without decrypting); the record itself is sealed, and its associated
/// data binds it to that conversation and close time, so a record moved, swapped or re-dated fails to open.
/// With data keys, a record is sealed with its conversation's data key (the envelope says so), so that destroying
/// that key makes every copy and version of it unreadable; records sealed with the archive keys still open.
/// </summary>
public sealed class ArchiveEnvelope(ArchiveCipher cipher, IDataKeys? dataKeys = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    public async Task<byte[]> Seal(ArchiveRecord record)
    {
        var sealer = dataKeys is null ? cipher : DataKeyCipher(DataKeyIds.Conversation(record.ConversationId), await dataKeys.GetOrCreate(DataKeyIds.Conversation(record.ConversationId)));
        var sealedRecord = sealer.Seal(JsonSerializer.SerializeToUtf8Bytes(record, Json), AssociatedData(record.ConversationId, record.ClosedAt));
        return JsonSerializer.SerializeToUtf8Bytes(new Stored(record.ConversationId, record.ClosedAt, sealedRecord.KeyId,
            Convert.ToBase64String(sealedRecord.Nonce), Convert.ToBase64String(sealedRecord.Tag), Convert.ToBase64String(sealedRecord.Ciphertext),
            DataKey: dataKeys is not null), Json);
    }

    /// <summary>
    /// Opens what was stored for <paramref name="conversationId"/>: null if its data key was destroyed; throws
    /// <see cref="ArchiveTamperedException"/> if it was altered.
    /// </summary>
    public async Task<ArchiveRecord?> Open(Guid conversationId, byte[] stored)
    {
        var envelope = Read(stored);
        ArchiveCipher opener;
        if (!envelope.DataKey)
            opener = cipher;
        else if (dataKeys is not null && await dataKeys.Find(DataKeyIds.Conversation(conversationId)) is { } key)
            opener = DataKeyCipher(DataKeyIds.Conversation(conversationId), key);
        else
            return null;
        try
        {
            var plaintext = opener.Open(
                new SealedRecord(envelope.KeyId, Convert.FromBase64String(envelope.Nonce), Convert.FromBase64String(envelope.Tag), Convert.FromBase64String(envelope.Ciphertext)),
                AssociatedData(conversationId, envelope.ClosedAt));
            return JsonSerializer.Deserialize<ArchiveRecord>(plaintext, Json) ?? throw new ArchiveTamperedException("The archived record is empty.");
        }
        catch (FormatException e)
        {
            throw new ArchiveTamperedException("The archived record is not readable: it was altered.", e);
        }
    }

    /// <summary>The clear part only: which conversation, closed when.</summary>
    public static (Guid ConversationId, DateTimeOffset ClosedAt) Label(byte[] stored)
    {
        var envelope = Read(stored);
        return (envelope.ConversationId, envelope.ClosedAt);
    }

    /// <summary>The same AES-GCM sealing as the archive keys', with one data key under its own id.</summary>
    private static ArchiveCipher DataKeyCipher(string keyId, byte[] key) => new(new Dictionary<string, byte[]> { [keyId] = key }, keyId);

    private static Stored Read(byte[] stored)
    {
        try
        {
            return JsonSerializer.Deserialize<Stored>(stored, Json) ?? throw new ArchiveTamperedException("The archived record is empty.");
        }
        catch (JsonException e)
        {
            throw new ArchiveTamperedException("The archived record is not readable: it was altered.", e);
        }
    }

    private static byte[] AssociatedData(Guid conversationId, DateTimeOffset closedAt) =>
        Encoding.UTF8.GetBytes($"hotline-archive|{conversationId:N}|{closedAt.UtcTicks}");

    // The field names are the stored format: files written before this class existed read the same (without DataKey: archive keys).
    private sealed record Stored(Guid ConversationId, DateTimeOffset ClosedAt, string KeyId, string Nonce, string Tag, string Ciphertext, bool DataKey = false);
}
