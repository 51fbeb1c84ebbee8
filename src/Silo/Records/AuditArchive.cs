using Hotline.Contracts.Supervision;

namespace Hotline.Silo.Records;

/// <summary>Where the audit log is copied beyond grain state: append blobs in the cluster profile.</summary>
public interface IAuditArchive
{
    /// <summary>
    /// Appends the entries in chain order. Entries it already holds are skipped, so trying again after a failure whose
    /// outcome was unclear never writes a line twice.
    /// </summary>
    Task Append(IReadOnlyList<ChainedAuditEntry> entries);
}

/// <summary>The embedded profile keeps the audit log in grain state only, in SQLite with everything else.</summary>
public sealed class NoAuditArchive : IAuditArchive
{
    public Task Append(IReadOnlyList<ChainedAuditEntry> entries) => Task.CompletedTask;
}

/// <summary>One audit entry as a line of the archive: its fields and its place in the hash chain. Entries hold no message text.</summary>
public sealed record AuditLine(string Hash, string PreviousHash, DateTimeOffset At, string Actor, string Action, Guid ConversationId, string? Subject)
{
    public static AuditLine Of(ChainedAuditEntry entry) =>
        new(entry.Hash, entry.PreviousHash, entry.Entry.At, entry.Entry.Actor, entry.Entry.Action, entry.Entry.ConversationId, entry.Entry.Subject);

    public ChainedAuditEntry ToEntry() => new(new AuditEntry(Actor, Action, ConversationId, At, Subject), PreviousHash, Hash);
}
