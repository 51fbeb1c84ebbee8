using Hotline.Contracts.Records;
using Hotline.Silo.Keys;

namespace Hotline.Silo.Records;

/// <summary>Where closed conversations are kept, encrypted: a local folder here; Azure Blob Storage in the cluster profile.</summary>
public interface ITranscriptArchive
{
    Task Put(ArchiveRecord record);

    /// <summary>The record, or null if there is none (or its data key was destroyed); throws <see cref="ArchiveTamperedException"/> if it was altered.</summary>
    Task<ArchiveRecord?> Get(Guid conversationId);

    /// <summary>
    /// Deletes every record closed before <paramref name="cutoff"/>; returns their ids and close times (no content),
    /// and the names of the stored entries it could not read, which it leaves in place and goes on past.
    /// </summary>
    Task<ArchiveSweep> DeleteClosedBefore(DateTimeOffset cutoff);
}

/// <summary>What one retention pass over the archive did: the records deleted, and the entries that could not be read.</summary>
public sealed record ArchiveSweep(IReadOnlyList<(Guid ConversationId, DateTimeOffset ClosedAt)> Deleted, IReadOnlyList<string> Unreadable);

/// <summary>The embedded profile's archive: one sealed envelope (<see cref="ArchiveEnvelope"/>) per conversation under the data directory.</summary>
public sealed class LocalFolderArchive(string folder, ArchiveCipher cipher, IDataKeys? dataKeys = null) : ITranscriptArchive
{
    private readonly ArchiveEnvelope _envelope = new(cipher, dataKeys);

    public async Task Put(ArchiveRecord record)
    {
        Directory.CreateDirectory(folder);
        // Write aside, then move into place: a crash never leaves half a record under the real name.
        var path = PathOf(record.ConversationId);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, await _envelope.Seal(record));
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<ArchiveRecord?> Get(Guid conversationId)
    {
        var path = PathOf(conversationId);
        return File.Exists(path) ? await _envelope.Open(conversationId, await File.ReadAllBytesAsync(path)) : null;
    }

    public Task<ArchiveSweep> DeleteClosedBefore(DateTimeOffset cutoff)
    {
        var deleted = new List<(Guid, DateTimeOffset)>();
        var unreadable = new List<string>();
        if (Directory.Exists(folder))
        {
            foreach (var path in Directory.EnumerateFiles(folder, "*.record"))
            {
                Guid conversationId;
                DateTimeOffset closedAt;
                try
                {
                    (conversationId, closedAt) = ArchiveEnvelope.Label(File.ReadAllBytes(path));
                }
                catch (Exception e) when (e is ArchiveTamperedException or IOException)
                {
                    unreadable.Add(Path.GetFileName(path));
                    continue;
                }
                if (closedAt >= cutoff)
                    continue;
                File.Delete(path);
                deleted.Add((conversationId, closedAt));
            }
        }
        return Task.FromResult(new ArchiveSweep(deleted, unreadable));
    }

    private string PathOf(Guid conversationId) => Path.Combine(folder, $"{conversationId:N}.record");
}
