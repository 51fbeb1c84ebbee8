using System.Text;
using System.Text.Json;
using Hotline.Contracts.Records;

namespace Hotline.Silo.Records;

/// <summary>
/// How a record is stored, as a file or a blob: a small JSON envelope. The conversation id, close time and key id
/// sit in clear (retention needs the close time without decrypting); the record itself is sealed, and its associated
/// data binds it to that conversation and close time, so a record moved, swapped or re-dated fails to open.
/// </summary>
public sealed class ArchiveEnvelope(ArchiveCipher cipher)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    public byte[] Seal(ArchiveRecord record)
    {
        var sealedRecord = cipher.Seal(JsonSerializer.SerializeToUtf8Bytes(record, Json), AssociatedData(record.ConversationId, record.ClosedAt));
        return JsonSerializer.SerializeToUtf8Bytes(new Stored(record.ConversationId, record.ClosedAt, sealedRecord.KeyId,
            Convert.ToBase64String(sealedRecord.Nonce), Convert.ToBase64String(sealedRecord.Tag), Convert.ToBase64String(sealedRecord.Ciphertext)), Json);
    }

    /// <summary>Opens what was stored for <paramref name="conversationId"/>; throws <see cref="ArchiveTamperedException"/> if it was altered.</summary>
    public ArchiveRecord Open(Guid conversationId, byte[] stored)
    {
        var envelope = Read(stored);
        try
        {
            var plaintext = cipher.Open(
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

    // The field names are the stored format: files written before this class existed read the same.
    private sealed record Stored(Guid ConversationId, DateTimeOffset ClosedAt, string KeyId, string Nonce, string Tag, string Ciphertext);
}
