using Hotline.Contracts.Supervision;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AuditLogState")]
public sealed record AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}

/// <summary>
/// Who read or stepped into which conversation. Append-only, and written before the caller gets what they asked
/// for. One grain for the embedded profile; the archive issue moves it to append blobs.
/// </summary>
public sealed class AuditLogGrain([PersistentState("audit")] IPersistentState<AuditLogState> state) : Grain, IAuditLogGrain
{
    public async Task Record(AuditEntry entry)
    {
        state.State.Entries.Add(entry);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<AuditEntry>> For(Guid conversationId) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries.Where(e => e.ConversationId == conversationId).ToList());
}
