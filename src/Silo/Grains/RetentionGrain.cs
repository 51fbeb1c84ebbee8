using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Keys;
using Hotline.Silo.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

/// <summary>
/// Deletes records older than <see cref="RetentionOptions.Days"/>, once a day by an Orleans reminder (so it runs
/// after restarts too): archived records by their close time, and conversations never archived (left in wrap-up, or
/// open with nothing happening) through <see cref="IOpenConversationsGrain"/>. One record that cannot be read or
/// deleted is logged by its conversation id alone and left for the next run; it never stops the others. Each run that
/// deletes anything is audited with a count and a date range, never content.
/// </summary>
public sealed class RetentionGrain(
    ITranscriptArchive archive,
    IDataKeys dataKeys,
    IOptions<RetentionOptions> options,
    HotlineMetrics metrics,
    ILogger<RetentionGrain> logger,
    TimeProvider clock) : Grain, IRetentionGrain, IRemindable
{
    private const string Daily = "retention-daily";

    public Task Schedule() => this.RegisterOrUpdateReminder(Daily, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

    public async Task<int> Run()
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.Days);
        var sweep = await archive.DeleteClosedBefore(cutoff);
        foreach (var name in sweep.Unreadable)
            logger.LogWarning("Retention skipped the archived record {Record}: it cannot be read.", name);
        var (archived, unarchived, skipped) = (0, 0, sweep.Unreadable.Count);
        foreach (var (conversationId, _) in sweep.Deleted)
        {
            if (await Try(conversationId, "delete", () => Delete(conversationId)))
                archived++;
            else
                skipped++;
        }
        var open = GrainFactory.GetGrain<IOpenConversationsGrain>(0);
        foreach (var conversationId in await open.StartedBefore(cutoff))
        {
            var expiry = OpenConversationExpiry.Kept;
            if (!await Try(conversationId, "expire", async () =>
                {
                    expiry = await GrainFactory.GetGrain<IConversationGrain>(conversationId).Expire(cutoff);
                    if (expiry == OpenConversationExpiry.Due)
                        await Delete(conversationId);
                    if (expiry is OpenConversationExpiry.Due or OpenConversationExpiry.NotOpen)
                        await open.Archived(conversationId);
                }))
                skipped++;
            else if (expiry == OpenConversationExpiry.Due)
                unarchived++;
        }

        if (archived + unarchived > 0)
            await Audit(sweep.Deleted, archived, unarchived);
        metrics.RetentionRan(archived + unarchived, skipped);
        return archived + unarchived;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Run();

    /// <summary>
    /// The one step that deletes a conversation for retention, once its archived record is gone or it was found due
    /// unarchived: its live copies are cleared, then its data key is destroyed, which leaves every other copy of its
    /// state, pages and archived record (backups, the write-ahead log, Redis's AOF, blob versions) unreadable. A
    /// record that no longer opens reads as none, so the key still goes.
    /// </summary>
    private async Task Delete(Guid conversationId)
    {
        await GrainFactory.GetGrain<IConversationGrain>(conversationId).Forget();
        await dataKeys.Destroy(DataKeyIds.Conversation(conversationId));
    }

    /// <summary>Runs one conversation's step; a failure is logged by the conversation id and the kind of failure only, and the run goes on.</summary>
    private async Task<bool> Try(Guid conversationId, string step, Func<Task> work)
    {
        try
        {
            await work();
            return true;
        }
        catch (Exception e)
        {
            // The exception's message could quote stored content: its type says enough to look further.
            logger.LogWarning("Retention skipped conversation {ConversationId} ({Step} failed: {Failure}); the next run tries again.", conversationId, step, e.GetType().Name);
            return false;
        }
    }

    private async Task Audit(IReadOnlyList<(Guid ConversationId, DateTimeOffset ClosedAt)> archived, int archivedCount, int unarchived)
    {
        var subject = archived.Count > 0
            ? $"{archivedCount} records deleted, closed {archived.Min(d => d.ClosedAt):yyyy-MM-dd} to {archived.Max(d => d.ClosedAt):yyyy-MM-dd}"
            : "0 records deleted";
        if (unarchived > 0)
            subject += $", and {unarchived} conversations never archived (wrap-up not written)";
        await GrainFactory.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry("retention", AuditActions.Retention, Guid.Empty, clock.GetUtcNow(), subject));
        logger.LogInformation("Retention deleted {Subject}.", subject);
    }
}
