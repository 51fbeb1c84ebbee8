using Hotline.Contracts.Supervision;
using Hotline.Silo.Records;
using Hotline.Silo.Storage;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.Logging;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AuditLogState")]
public sealed record AuditLogState
{
    [Id(0)] public List<ChainedAuditEntry> Entries { get; set; } = [];

    /// <summary>How many entries, from the first, the audit archive is known to hold; the rest wait their turn.</summary>
    [Id(1)] public int Archived { get; set; }
}

/// <summary>
/// Who read or stepped into which conversation, or changed which account. Append-only and hash-chained
/// (<see cref="AuditChain"/>), and written to grain state before the caller gets what they asked for. Then each entry
/// is appended, in chain order, to the <see cref="IAuditArchive"/> (append blobs in the cluster profile); entries
/// storage refuses wait in the state and <see cref="ArchiveRetry"/> appends them when it answers again.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit")] IPersistentState<AuditLogState> state,
    IAuditArchive archive,
    ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain, IRemindable
{
    private ArchiveRetry _retry = null!;

    private List<ChainedAuditEntry> Entries => state.State.Entries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _retry = new ArchiveRetry(this, "audit-archive-retry", AppendWaiting, logger);
        if (state.State.Archived < Entries.Count)
            _retry.Resume();
        return Task.CompletedTask;
    }

    public async Task Record(AuditEntry entry)
    {
        Entries.Add(AuditChain.Append(Entries, entry));
        // Reloaded if refused: an entry kept in memory would be stored with the next one, for a step that never happened.
        await state.WriteOrReload(this);
        if (!_retry.Scheduled)
            await _retry.Attempt();
    }

    public Task<IReadOnlyList<AuditEntry>> For(Guid conversationId) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(Entries.Select(e => e.Entry).Where(e => e.ConversationId == conversationId).ToList());

    public Task<AuditPage> Latest(int take)
    {
        var broken = AuditChain.FirstBroken(Entries);
        var newest = Entries.AsEnumerable().Reverse().Take(Math.Clamp(take, 1, 1000)).ToList();
        return Task.FromResult(new AuditPage(newest, Entries.Count, broken < 0, broken));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => _retry.Reminded();

    private async Task AppendWaiting()
    {
        if (state.State.Archived >= Entries.Count)
            return;
        await archive.Append(Entries.Skip(state.State.Archived).ToList());
        // Saved with the next entry, not now: a stale count only makes the archive skip lines it already holds.
        state.State.Archived = Entries.Count;
    }
}
