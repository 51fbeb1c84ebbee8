using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;

namespace Hotline.Silo.Records;

/// <summary>
/// The embedded profile's audit archive: <c>&lt;data&gt;/archive/audit/yyyy-MM-dd.log</c> and <c>.head</c>. Lines are
/// appended and flushed to disk; a head is written aside and moved into place, so a crash never leaves half of one.
/// </summary>
public sealed class LocalFolderAuditArchive(string folder) : IAuditArchive
{
    // The last HMAC each day's file ends with, once read: lines already there are skipped on a retry.
    private readonly ConcurrentDictionary<DateOnly, string?> _tails = new();

    public async Task Append(IReadOnlyList<ChainedAuditEntry> entries)
    {
        Directory.CreateDirectory(folder);
        foreach (var day in entries.GroupBy(e => e.Day))
        {
            var path = PathOf(day.Key, "log");
            var tail = _tails.TryGetValue(day.Key, out var known) ? known : LastHash(path);
            var list = day.ToList();
            var fresh = list.Skip(list.FindLastIndex(e => e.Hash == tail) + 1).ToList();
            if (fresh.Count == 0)
                continue;
            try
            {
                await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
                await file.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(fresh.Select(e => AuditLine.Of(e).ToJson()))));
                file.Flush(flushToDisk: true);
                _tails[day.Key] = fresh[^1].Hash;
            }
            catch
            {
                _tails.TryRemove(day.Key, out _);
                throw;
            }
        }
    }

    public async Task PutHead(AuditDayHead head)
    {
        Directory.CreateDirectory(folder);
        var path = PathOf(head.Day, "head");
        await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(head, AuditLine.Json));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public Task<IReadOnlyList<DateOnly>> Days() => Task.FromResult<IReadOnlyList<DateOnly>>(Directory.Exists(folder)
        ? Directory.EnumerateFiles(folder).Select(f => AuditLine.DayOf(Path.GetFileName(f))).OfType<DateOnly>().Distinct().Order().ToList()
        : []);

    public Task<string?> ReadDay(DateOnly day) => Read(PathOf(day, "log"));

    public Task<string?> ReadHead(DateOnly day) => Read(PathOf(day, "head"));

    private static async Task<string?> Read(string path) => File.Exists(path) ? await File.ReadAllTextAsync(path) : null;

    private static string? LastHash(string path)
    {
        if (!File.Exists(path))
            return null;
        var last = File.ReadLines(path).LastOrDefault(l => l.Length > 0);
        return last is null ? null : JsonSerializer.Deserialize<AuditLine>(last, AuditLine.Json)?.Hash;
    }

    private string PathOf(DateOnly day, string extension) => Path.Combine(folder, AuditLine.NameOf(day, extension));
}
