using System.Text;
using System.Text.Json;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;

namespace Hotline.Silo.Records;

/// <summary>Where closed conversations are kept, encrypted: a local folder here; Azure Blob Storage in the cluster profile.</summary>
public interface ITranscriptArchive
{
    Task Put(ArchiveRecord record);

    /// <summary>The record, or null if there is none; throws <see cref="ArchiveTamperedException"/> if it was altered.</summary>
    Task<ArchiveRecord?> Get(Guid conversationId);

    /// <summary>Deletes every record closed before <paramref name="cutoff"/>; returns their ids and close times (no content).</summary>
    Task<IReadOnlyList<(Guid ConversationId, DateTimeOffset ClosedAt)>> DeleteClosedBefore(DateTimeOffset cutoff);
}

/// <summary>
/// The embedded profile's archive: one file per conversation under the data directory, sealed with AES-GCM. The
/// close time sits in clear in the envelope (retention needs it without decrypting) and is authenticated with it.
/// </summary>
public sealed class LocalFolderArchive(string folder, ArchiveCipher cipher) : ITranscriptArchive
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    public async Task Put(ArchiveRecord record)
    {
        Directory.CreateDirectory(folder);
        var sealedRecord = cipher.Seal(JsonSerializer.SerializeToUtf8Bytes(record, Json), AssociatedData(record.ConversationId, record.ClosedAt));
        var envelope = new Envelope(record.ConversationId, record.ClosedAt, sealedRecord.KeyId,
            Convert.ToBase64String(sealedRecord.Nonce), Convert.ToBase64String(sealedRecord.Tag), Convert.ToBase64String(sealedRecord.Ciphertext));
        // Write aside, then move into place: a crash never leaves half a record under the real name.
        var path = PathOf(record.ConversationId);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(envelope, Json));
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<ArchiveRecord?> Get(Guid conversationId)
    {
        var path = PathOf(conversationId);
        if (!File.Exists(path))
            return null;
        var envelope = Read(await File.ReadAllBytesAsync(path));
        var plaintext = cipher.Open(
            new SealedRecord(envelope.KeyId, Convert.FromBase64String(envelope.Nonce), Convert.FromBase64String(envelope.Tag), Convert.FromBase64String(envelope.Ciphertext)),
            AssociatedData(conversationId, envelope.ClosedAt));
        return JsonSerializer.Deserialize<ArchiveRecord>(plaintext, Json);
    }

    public Task<IReadOnlyList<(Guid ConversationId, DateTimeOffset ClosedAt)>> DeleteClosedBefore(DateTimeOffset cutoff)
    {
        var deleted = new List<(Guid, DateTimeOffset)>();
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.record"))
            {
                var envelope = Read(File.ReadAllBytes(path));
                if (envelope.ClosedAt >= cutoff)
                    continue;
                File.Delete(path);
                deleted.Add((envelope.ConversationId, envelope.ClosedAt));
            }
        }
        return Task.FromResult<IReadOnlyList<(Guid, DateTimeOffset)>>(deleted);
    }

    private string PathOf(Guid conversationId) => Path.Combine(folder, $"{conversationId:N}.record");

    private static Envelope Read(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<Envelope>(bytes, Json) ?? throw new ArchiveTamperedException("The archived record is empty.");
        }
        catch (JsonException e)
        {
            throw new ArchiveTamperedException("The archived record is not readable: it was altered.", e);
        }
    }

    private static byte[] AssociatedData(Guid conversationId, DateTimeOffset closedAt) =>
        Encoding.UTF8.GetBytes($"hotline-archive|{conversationId:N}|{closedAt.UtcTicks}");

    private sealed record Envelope(Guid ConversationId, DateTimeOffset ClosedAt, string KeyId, string Nonce, string Tag, string Ciphertext);
}
