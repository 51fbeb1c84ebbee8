using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;

namespace Hotline.Silo.Records;

/// <summary>
/// The audit log in blobs, per UTC day of the chain: <c>audit/yyyy-MM-dd.log</c> (an append blob, one JSON line per
/// entry) and <c>audit/yyyy-MM-dd.head</c> (a block blob, the day's sealed head, overwritten as the day goes on).
/// Each append is conditional on the blob's end being where this archive last left it, so a line is never written twice;
/// after any failure the end and the last line's hash are read back from the blob, and entries it already holds are skipped.
/// </summary>
public sealed class BlobAuditArchive(ArchiveContainer storage) : IAuditArchive
{
    public const string Folder = "audit/";
    // Far below the 4 MiB a block may hold; a day's blob has room for 50,000 blocks.
    private const int LinesPerBlock = 500;
    private const int TailWindow = 64 * 1024;

    private readonly ConcurrentDictionary<string, Tail> _tails = new();

    public static string BlobName(DateOnly day, string extension = "log") => Folder + AuditLine.NameOf(day, extension);

    public async Task Append(IReadOnlyList<ChainedAuditEntry> entries)
    {
        foreach (var day in entries.GroupBy(e => e.Day))
            await storage.Call((container, cancellationToken) => AppendToDay(container.GetAppendBlobClient(BlobName(day.Key)), day.ToList(), cancellationToken));
    }

    public Task PutHead(AuditDayHead head) => storage.Call(async (container, cancellationToken) =>
        await container.GetBlobClient(BlobName(head.Day, "head")).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(head, AuditLine.Json)), overwrite: true, cancellationToken));

    public Task<IReadOnlyList<DateOnly>> Days() => storage.Call<IReadOnlyList<DateOnly>>(async (container, cancellationToken) =>
    {
        var days = new SortedSet<DateOnly>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Folder, cancellationToken))
        {
            if (AuditLine.DayOf(blob.Name[Folder.Length..]) is { } day)
                days.Add(day);
        }
        return days.ToList();
    });

    public Task<string?> ReadDay(DateOnly day) => Read(BlobName(day));

    public Task<string?> ReadHead(DateOnly day) => Read(BlobName(day, "head"));

    private Task<string?> Read(string name) => storage.Call<string?>(async (container, cancellationToken) =>
    {
        try
        {
            return (await container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    });

    private async Task AppendToDay(AppendBlobClient blob, List<ChainedAuditEntry> day, CancellationToken cancellationToken)
    {
        try
        {
            var tail = _tails.TryGetValue(blob.Name, out var known) ? known : await ReadTail(blob, cancellationToken);
            var held = day.FindLastIndex(e => e.Hash == tail.LastHash);
            foreach (var block in day.Skip(held + 1).Chunk(LinesPerBlock))
            {
                var bytes = Encoding.UTF8.GetBytes(string.Concat(block.Select(e => AuditLine.Of(e).ToJson())));
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
        var last = JsonSerializer.Deserialize<AuditLine>(text[(text.LastIndexOf('\n') + 1)..], AuditLine.Json);
        return new Tail(length, last?.Hash);
    }

    private sealed record Tail(long Length, string? LastHash);
}
