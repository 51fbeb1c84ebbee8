using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Hotline.Contracts.Supervision;

namespace Hotline.Silo.Records;

/// <summary>
/// The audit log in append blobs, one per UTC day of the entries (<c>audit/yyyy-MM-dd.log</c>), one JSON line per entry.
/// Each append is conditional on the blob's end being where this archive last left it, so a line is never written twice;
/// after any failure the end and the last line's hash are read back from the blob, and entries it already holds are skipped.
/// </summary>
public sealed class BlobAuditArchive(ArchiveContainer storage) : IAuditArchive
{
    public const string Folder = "audit/";
    // Far below the 4 MiB a block may hold; a day's blob has room for 50,000 blocks.
    private const int LinesPerBlock = 500;
    private const int TailWindow = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    private readonly ConcurrentDictionary<string, Tail> _tails = new();

    public static string BlobName(DateTimeOffset at) => $"{Folder}{at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.log";

    public async Task Append(IReadOnlyList<ChainedAuditEntry> entries)
    {
        var start = 0;
        while (start < entries.Count)
        {
            var name = BlobName(entries[start].Entry.At);
            var end = start;
            while (end < entries.Count && BlobName(entries[end].Entry.At) == name)
                end++;
            var day = entries.Skip(start).Take(end - start).ToList();
            await storage.Call((container, cancellationToken) => AppendToDay(container.GetAppendBlobClient(name), day, cancellationToken));
            start = end;
        }
    }

    private async Task AppendToDay(AppendBlobClient blob, List<ChainedAuditEntry> day, CancellationToken cancellationToken)
    {
        try
        {
            var tail = _tails.TryGetValue(blob.Name, out var known) ? known : await ReadTail(blob, cancellationToken);
            var held = day.FindLastIndex(e => e.Hash == tail.LastHash);
            foreach (var block in day.Skip(held + 1).Chunk(LinesPerBlock))
            {
                var bytes = Encoding.UTF8.GetBytes(string.Concat(block.Select(e => JsonSerializer.Serialize(AuditLine.Of(e), Json) + "\n")));
                await blob.AppendBlockAsync(new MemoryStream(bytes), new AppendBlobAppendBlockOptions
                {
                    Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = tail.Length },
                }, cancellationToken);
                tail = new Tail(tail.Length + bytes.Length, block[^1].Hash);
                _tails[blob.Name] = tail;
            }
        }
        catch
        {
            _tails.TryRemove(blob.Name, out _);
            throw;
        }
    }

    private static async Task<Tail> ReadTail(AppendBlobClient blob, CancellationToken cancellationToken)
    {
        await blob.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var length = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        if (length == 0)
            return new Tail(0, null);
        var window = Math.Min(length, TailWindow);
        var bytes = (await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(length - window, window) }, cancellationToken)).Value.Content;
        var text = bytes.ToString().TrimEnd('\n');
        var last = JsonSerializer.Deserialize<AuditLine>(text[(text.LastIndexOf('\n') + 1)..], Json);
        return new Tail(length, last?.Hash);
    }

    private sealed record Tail(long Length, string? LastHash);
}
