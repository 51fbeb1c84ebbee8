using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AuditLogState")]
public sealed record AuditLogState
{
    [Id(0)] public List<ChainedAuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// Who read or stepped into which conversation, or changed which account. Append-only and hash-chained
/// (<see cref="AuditChain"/>), and written before the caller gets what they asked for. One grain for the
/// embedded profile; the archive issue moves it to append blobs.
/// </summary>
public sealed class AuditLogGrain([PersistentState("audit")] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    private List<ChainedAuditEntry> Entries => state.State.Entries;

    public async Task Record(AuditEntry entry)
    {
        Entries.Add(AuditChain.Append(Entries, entry));
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<AuditEntry>> For(Guid conversationId) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(Entries.Select(e => e.Entry).Where(e => e.ConversationId == conversationId).ToList());

    public Task<AuditPage> Latest(int take)
    {
        var broken = AuditChain.FirstBroken(Entries);
        var newest = Entries.AsEnumerable().Reverse().Take(Math.Clamp(take, 1, 1000)).ToList();
        return Task.FromResult(new AuditPage(newest, Entries.Count, broken < 0, broken));
    }
}
