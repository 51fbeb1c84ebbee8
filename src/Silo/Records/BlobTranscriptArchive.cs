using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Hotline.Contracts.Records;

namespace Hotline.Silo.Records;

/// <summary>
/// The cluster profile's archive: one blob per conversation (<c>transcripts/{id:N}.record</c>) holding the same sealed
/// envelope as the local folder. The close time is also in the blob's metadata, so retention lists and deletes without
/// downloading or decrypting; reading still checks the close time sealed inside.
/// </summary>
public sealed class BlobTranscriptArchive(ArchiveContainer storage, ArchiveEnvelope envelope) : ITranscriptArchive
{
    public const string Folder = "transcripts/";
    private const string Extension = ".record";
    private const string ClosedAtKey = "closedat";

    public static string BlobName(Guid conversationId) => $"{Folder}{conversationId:N}{Extension}";

    public async Task Put(ArchiveRecord record)
    {
        var content = BinaryData.FromBytes(await envelope.Seal(record));
        var options = new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [ClosedAtKey] = record.ClosedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) },
        };
        await storage.Call((container, cancellationToken) =>
            container.GetBlobClient(BlobName(record.ConversationId)).UploadAsync(content, options, cancellationToken));
    }

    public async Task<ArchiveRecord?> Get(Guid conversationId)
    {
        var stored = await storage.Call(async (container, cancellationToken) =>
        {
            try
            {
                return (await container.GetBlobClient(BlobName(conversationId)).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                return null;
            }
        });
        return stored is null ? null : await envelope.Open(conversationId, stored);
    }

    public async Task<ArchiveSweep> DeleteClosedBefore(DateTimeOffset cutoff)
    {
        var (due, unreadable) = await storage.Call(async (container, cancellationToken) =>
        {
            var found = new List<(Guid, DateTimeOffset)>();
            var unlabelled = new List<string>();
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, Folder, cancellationToken))
            {
                if (!blob.Metadata.TryGetValue(ClosedAtKey, out var text)
                    || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var closedAt)
                    || ConversationOf(blob.Name) is not { } conversationId)
                    unlabelled.Add(blob.Name);
                else if (closedAt < cutoff)
                    found.Add((conversationId, closedAt));
            }
            return (found, unlabelled);
        });
        foreach (var (conversationId, _) in due)
            await storage.Call((container, cancellationToken) => container.GetBlobClient(BlobName(conversationId)).DeleteIfExistsAsync(cancellationToken: cancellationToken));
        return new ArchiveSweep(due, unreadable);
    }

    private static Guid? ConversationOf(string blobName) =>
        blobName.StartsWith(Folder, StringComparison.Ordinal) && blobName.EndsWith(Extension, StringComparison.Ordinal)
        && Guid.TryParseExact(blobName[Folder.Length..^Extension.Length], "N", out var id) ? id : null;
}
