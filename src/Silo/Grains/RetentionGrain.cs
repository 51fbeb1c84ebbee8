using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

/// <summary>
/// Deletes records older than <see cref="RetentionOptions.Days"/>, once a day by an Orleans reminder (so it runs
/// after restarts too). Each run that deletes anything is audited with a count and a date range, never content.
/// </summary>
public sealed class RetentionGrain(
    ITranscriptArchive archive,
    IOptions<RetentionOptions> options,
    ILogger<RetentionGrain> logger,
    TimeProvider clock) : Grain, IRetentionGrain, IRemindable
{
    private const string Daily = "retention-daily";

    public Task Schedule() => this.RegisterOrUpdateReminder(Daily, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

    public async Task<int> Run()
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.Days);
        var deleted = await archive.DeleteClosedBefore(cutoff);
        foreach (var (conversationId, _) in deleted)
            await GrainFactory.GetGrain<IConversationGrain>(conversationId).Forget();
        if (deleted.Count > 0)
        {
            var range = $"closed {deleted.Min(d => d.ClosedAt):yyyy-MM-dd} to {deleted.Max(d => d.ClosedAt):yyyy-MM-dd}";
            await GrainFactory.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry("retention", AuditActions.Retention, Guid.Empty, clock.GetUtcNow(),
                $"{deleted.Count} records deleted, {range}"));
            logger.LogInformation("Retention deleted {Count} records, {Range}.", deleted.Count, range);
        }
        return deleted.Count;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Run();
}
