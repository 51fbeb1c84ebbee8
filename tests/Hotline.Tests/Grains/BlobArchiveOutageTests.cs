using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Keys;
using Hotline.Silo.Records;
using Hotline.Silo.Supervision;
using Hotline.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders.Diagnostics;
using Xunit.Abstractions;

namespace Hotline.Tests.Grains;

/// <summary>
/// The cluster profile's archive (configured as an operator would, through UseBlobArchive) while Azurite is down:
/// conversations still close, nothing is lost, and everything reaches blob storage once it is back.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobArchiveOutageTests(AzuriteServer azurite, ITestOutputHelper output) : HotlineTestCluster
{
    private const string RetryReminder = "archive-outbox-retry";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private readonly string _containerName = $"outage-{Guid.NewGuid():N}";

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Hotline:Archive:BlobConnectionString"] = azurite.ConnectionString,
        ["Hotline:Archive:Container"] = _containerName,
        ["Hotline:Archive:ActiveKeyId"] = "k1",
        ["Hotline:Archive:Keys:k1"] = Convert.ToBase64String(Key),
    };

    protected override void UseArchive(ISiloBuilder silo, IConfiguration configuration) => silo.UseBlobArchive(configuration);

    private BlobContainerClient Container => new(azurite.ConnectionString, _containerName, ArchiveContainer.ClientOptions());

    /// <summary>The blobs as the silo reads them: sealed with each conversation's data key.</summary>
    private BlobTranscriptArchive Archive => new(new ArchiveContainer(Container), new ArchiveEnvelope(new ArchiveCipher(new Dictionary<string, byte[]> { ["k1"] = Key }, "k1"),
        Cluster.Silos.Single().ServiceProvider.GetRequiredService<IDataKeys>()));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await azurite.Start();
    }

    [Fact]
    public async Task Records_and_audit_entries_made_while_storage_is_down_reach_it_once_it_is_back()
    {
        await azurite.Stop();

        // Answered, wrapped up and rated; then abandoned while waiting.
        var (answered, counselorId) = await ActiveConversation("the-plan-is-tonight");
        await Conversation(answered).Monitor("supervisor-wang");
        await Conversation(answered).Whisper("supervisor-wang", "王督导", "whisper-ask-about-sleep");
        await Conversation(answered).EndByCounselor(counselorId);
        await Conversation(answered).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R1, "counselling", null));
        await Conversation(answered).SubmitSurvey(new Survey(5, true, null));
        var abandoned = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var (conversationId, _) = await StartChat($"waiting-{i}");
            var ending = Stopwatch.StartNew();
            await Conversation(conversationId).EndByWorker();
            output.WriteLine($"Abandoned while storage is down (outbox {ArchiveOutboxes.ShardOf(conversationId)}): the end took {ending.ElapsedMilliseconds} ms.");
            abandoned.Add(conversationId);
        }
        await Grains.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry("admin", AuditActions.Block, abandoned[0], Clock.GetUtcNow()));

        Assert.Equal(ConversationStatus.Closed, (await View(answered)).Status);
        foreach (var id in abandoned)
            Assert.Equal(ConversationStatus.Abandoned, (await View(id)).Status);
        Assert.Equal(5, await Waiting());

        await azurite.Start();
        Assert.False(await Container.ExistsAsync(), "nothing reached storage while it was down");
        var clock = Stopwatch.StartNew();
        await Advance(TimeSpan.FromMinutes(1));

        var closed = abandoned.Append(answered).Select(BlobTranscriptArchive.BlobName).Order().ToList();
        await Eventually.Shows(() => Names(BlobTranscriptArchive.Folder), names => names.SequenceEqual(closed), "one blob per closed conversation");
        var chain = (await Grains.GetGrain<IAuditLogGrain>(0).Latest(1000)).Entries.Reverse().ToList();
        var lines = await Eventually.Shows(AuditLines, l => l.Count >= chain.Count, "every audit entry in the append blob");
        output.WriteLine($"Outbox and audit drained {clock.ElapsedMilliseconds} ms after the clock moved past the retry.");

        Assert.Equal(0, await Waiting());
        var record = await Archive.Get(answered);
        Assert.Equal(("the-plan-is-tonight", RiskLevel.R1, 5), (record!.Messages[0].Text, record.RiskLevel, record.Survey!.Rating));
        foreach (var id in abandoned)
            Assert.Null((await Archive.Get(id))!.WrapUp);
        Assert.Equal([AuditActions.Monitor, AuditActions.Whisper, AuditActions.Block], chain.Select(e => e.Entry.Action));
        Assert.Equal(chain.Select(e => e.Hash), lines.Select(l => l.Hash));
        Assert.Equal(-1, AuditChain.FirstBroken(lines.Select(l => l.ToEntry()).ToList()));
        var verdict = await Eventually.Shows(() => new AuditChainVerifier(AuditChain, new BlobAuditArchive(new ArchiveContainer(Container))).Verify(), v => v.Intact, "the archived chain and its day head verify");
        Assert.StartsWith("Audit chain intact: 3 entries over 1 days", verdict.Summary);
        Assert.DoesNotContain("whisper-ask-about-sleep", await AuditText());
        await Eventually.Shows(RetryReminders, count => count == 0, "the retry reminders removed once nothing waits");
    }

    [Fact]
    public async Task A_record_still_waiting_when_the_silo_restarts_is_written_after_the_restart_with_nobody_asking()
    {
        await azurite.Stop();
        var (conversationId, _) = await StartChat("left-during-outage");
        await Conversation(conversationId).EndByWorker();
        // Timers die with the silo; the reminder, in the durable reminder table, is what wakes the outbox after a restart.
        Assert.Equal(1, await RetryReminders());

        await RestartSilo();
        await azurite.Start();
        var outbox = Grains.ArchiveOutboxFor(conversationId).GetGrainId();
        var silo = Cluster.Silos.Single().SiloAddress;
        await Reminders.WaitFor<ReminderEvents.LocalReminderTickWaitArmed>(outbox, RetryReminder, silo);
        await Advance(TimeSpan.FromMinutes(2));
        await Reminders.WaitFor<ReminderEvents.TickCompleted>(outbox, RetryReminder, silo);

        // Nothing but the reminder has activated the outbox, which writes what waits on a timer of its activation.
        var record = await Eventually.Shows(() => Archive.Get(conversationId), r => r is not null, "the record in blob storage");
        Assert.Equal("left-during-outage", record!.Messages[0].Text);
        Assert.Equal(0, await Grains.ArchiveOutboxFor(conversationId).Waiting());
        await Eventually.Shows(RetryReminders, count => count == 0, "the retry reminder removed once nothing waits");
    }

    private async Task<int> Waiting()
    {
        var total = 0;
        for (var shard = 0; shard < ArchiveOutboxes.Count; shard++)
            total += await Grains.GetGrain<IArchiveOutboxGrain>(shard).Waiting();
        return total;
    }

    private async Task<int> RetryReminders()
    {
        var table = Cluster.Silos.Single().ServiceProvider.GetRequiredService<IReminderTable>();
        var count = 0;
        for (var shard = 0; shard < ArchiveOutboxes.Count; shard++)
            count += (await table.ReadRows(Grains.GetGrain<IArchiveOutboxGrain>(shard).GetGrainId())).Reminders.Count;
        return count + (await table.ReadRows(Grains.GetGrain<IAuditLogGrain>(0).GetGrainId())).Reminders.Count;
    }

    private async Task<List<string>> Names(string prefix)
    {
        var names = new List<string>();
        if (!await Container.ExistsAsync())
            return names;
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default))
            names.Add(blob.Name);
        return names.Order().ToList();
    }

    private async Task<string> AuditText(string ending = "")
    {
        var text = "";
        foreach (var name in (await Names(BlobAuditArchive.Folder)).Where(n => n.EndsWith(ending)))
            text += (await Container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();
        return text;
    }

    private async Task<List<AuditLine>> AuditLines() =>
        (await AuditText(".log")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<AuditLine>(l, JsonSerializerOptions.Web)!).ToList();
}
