using System.Globalization;
using System.Text.Json;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;

namespace Hotline.Silo.Records;

/// <summary>
/// Where the audit log is copied beyond grain state, one UTC day at a time: <c>audit/yyyy-MM-dd.log</c> (one JSON line
/// per entry, in chain order) and <c>audit/yyyy-MM-dd.head</c> (the day's sealed head). A folder under the data
/// directory in the embedded profile; append and block blobs in the cluster profile.
/// </summary>
public interface IAuditArchive
{
    /// <summary>
    /// Appends the entries in chain order. Entries it already holds are skipped, so trying again after a failure whose
    /// outcome was unclear never writes a line twice.
    /// </summary>
    Task Append(IReadOnlyList<ChainedAuditEntry> entries);

    /// <summary>Writes the day's head in place of the one before.</summary>
    Task PutHead(AuditDayHead head);

    /// <summary>Every day with entries or a head, oldest first.</summary>
    Task<IReadOnlyList<DateOnly>> Days();

    /// <summary>The day's lines as stored (null when there are none), for the verifier.</summary>
    Task<string?> ReadDay(DateOnly day);

    /// <summary>The day's head as stored (null when there is none), for the verifier.</summary>
    Task<string?> ReadHead(DateOnly day);
}

/// <summary>Test clusters that do not look at the archive; every host of the product configures a real one.</summary>
public sealed class NoAuditArchive : IAuditArchive
{
    public Task Append(IReadOnlyList<ChainedAuditEntry> entries) => Task.CompletedTask;

    public Task PutHead(AuditDayHead head) => Task.CompletedTask;

    public Task<IReadOnlyList<DateOnly>> Days() => Task.FromResult<IReadOnlyList<DateOnly>>([]);

    public Task<string?> ReadDay(DateOnly day) => Task.FromResult<string?>(null);

    public Task<string?> ReadHead(DateOnly day) => Task.FromResult<string?>(null);
}

/// <summary>One audit entry as a line of the archive: its fields and its place in the chain. Entries hold no message text.</summary>
public sealed record AuditLine(string Hash, string PreviousHash, DateTimeOffset At, string Actor, string Action, Guid ConversationId, string? Subject, DateOnly Day, int Index)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    public static AuditLine Of(ChainedAuditEntry entry) =>
        new(entry.Hash, entry.PreviousHash, entry.Entry.At, entry.Entry.Actor, entry.Entry.Action, entry.Entry.ConversationId, entry.Entry.Subject, entry.Day, entry.Index);

    public ChainedAuditEntry ToEntry() => new(new AuditEntry(Actor, Action, ConversationId, At, Subject), PreviousHash, Hash, Day, Index);

    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    public static string NameOf(DateOnly day, string extension) => $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{extension}";

    /// <summary>The day a file of the archive is about, from its name (<c>yyyy-MM-dd.log</c> or <c>.head</c>), or null for any other file.</summary>
    public static DateOnly? DayOf(string fileName) =>
        (Path.GetExtension(fileName) is ".log" or ".head")
        && DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(fileName), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : null;
}
