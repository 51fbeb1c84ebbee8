using Hotline.Contracts.Records;
using Hotline.Silo.Records;
using Hotline.Silo.Storage;
using Microsoft.Extensions.Logging;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.ArchiveOutboxState")]
public sealed record ArchiveOutboxState
{
    [Id(0)] public List<ArchiveRecord> Waiting { get; set; } = [];
}

// Keyed by a shard of the conversation id (ArchiveOutboxes.Count of them): a single outbox would queue every close in
// the hotline behind one activation, and an outbox per conversation would need a reminder per conversation during an
// outage; a few shards spread the load and keep the reminders few.
/// <summary>
/// Holds archive records until the archive has them: each is stored in this grain's state before the conversation
/// hears back, then written; what storage refuses waits, in order, and <see cref="ArchiveRetry"/> tries again.
/// </summary>
public sealed class ArchiveOutboxGrain(
    [PersistentState("archive-outbox")] IPersistentState<ArchiveOutboxState> state,
    ITranscriptArchive archive,
    ILogger<ArchiveOutboxGrain> logger) : Grain, IArchiveOutboxGrain, IRemindable
{
    private ArchiveRetry _retry = null!;

    private List<ArchiveRecord> Queue => state.State.Waiting;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _retry = new ArchiveRetry(this, "archive-outbox-retry", WriteWaiting, logger);
        if (Queue.Count > 0)
            _retry.Resume();
        return Task.CompletedTask;
    }

    public async Task Hold(ArchiveRecord record)
    {
        // A newer record of the same conversation (the survey came in) replaces the one still waiting.
        var waiting = Queue.FindIndex(r => r.ConversationId == record.ConversationId);
        if (waiting >= 0)
            Queue[waiting] = record;
        else
            Queue.Add(record);
        await Save();
        if (!_retry.Scheduled)
            await _retry.Attempt();
    }

    public Task<int> Waiting() => Task.FromResult(Queue.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _retry.Reminded();

    private async Task WriteWaiting()
    {
        while (Queue.Count > 0)
        {
            await archive.Put(Queue[0]);
            Queue.RemoveAt(0);
            await Save();
        }
    }

    private Task Save() => state.WriteOrReload(this);
}
