using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Reminders.Diagnostics;

namespace Hotline.Tests.Grains;

/// <summary>Closed conversations are archived, read with an audit trail, and deleted after the retention time.</summary>
public sealed class RetentionTests : HotlineTestCluster
{
    private const string Daily = "retention-daily";

    [Fact]
    public async Task A_closed_conversation_is_archived_and_each_read_is_audited()
    {
        var (conversationId, counselorId) = await ActiveConversation("我需要帮助");
        await Conversation(conversationId).EndByCounselor(counselorId);
        await Conversation(conversationId).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R1, "counselling", "ok"));
        await Conversation(conversationId).SubmitSurvey(new Survey(5, true, null));

        var record = await Grains.GetGrain<IArchiveGrain>(0).Read(conversationId, "supervisor-wang");
        Assert.Equal(("我需要帮助", RiskLevel.R1, 5), (record.Messages[0].Text, record.RiskLevel, record.Survey!.Rating));
        Assert.Contains(AuditActions.ArchiveRead, (await Grains.GetGrain<IAuditLogGrain>(0).For(conversationId)).Select(a => a.Action));
        Assert.DoesNotContain("我需要帮助", await File.ReadAllTextAsync(Directory.GetFiles(ArchiveFolder).Single()));
    }

    [Fact]
    public async Task The_daily_reminder_deletes_expired_records_after_a_restart_with_nobody_asking()
    {
        var (old, counselorId) = await ActiveConversation("old one");
        await Conversation(old).EndByCounselor(counselorId);
        await Conversation(old).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R0, "counselling", null));
        var retention = Grains.GetGrain<IRetentionGrain>(0);
        await retention.Schedule();  // as every web node does when it starts
        var reminder = Assert.Single(await StoredReminders(), r => r.GrainId == retention.GetGrainId().ToString());
        Assert.Equal((Daily, TimeSpan.FromDays(1), Clock.GetUtcNow().AddMinutes(1)), (reminder.Name, reminder.Period, reminder.StartAt));

        await RestartSilo();
        var silo = Cluster.Silos.Single().SiloAddress;
        await Reminders.WaitFor<ReminderEvents.LocalReminderTickWaitArmed>(retention.GetGrainId(), Daily, silo);
        await Advance(TimeSpan.FromDays(1096));
        // Delivered only once the run it started is over: by then the record is gone.
        await Reminders.WaitFor<ReminderEvents.TickCompleted>(retention.GetGrainId(), Daily, silo);

        await Assert.ThrowsAsync<HotlineException>(() => View(old));
        await Assert.ThrowsAsync<HotlineException>(() => Grains.GetGrain<IArchiveGrain>(0).Read(old, "supervisor-wang"));
        Assert.Contains((await Grains.GetGrain<IAuditLogGrain>(0).Latest(50)).Entries, e => e.Entry.Action == AuditActions.Retention);
    }

    [Fact]
    public async Task Records_past_the_retention_time_are_deleted_with_an_audit_of_count_and_dates_only()
    {
        var (old, counselorId) = await ActiveConversation("old one");
        await Conversation(old).EndByCounselor(counselorId);
        await Conversation(old).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R0, "counselling", null));
        var (abandoned, _) = await StartChat("left early");
        await Conversation(abandoned).EndByWorker();

        await Advance(TimeSpan.FromDays(1000));
        var (recent, _) = await StartChat("recent");
        await Conversation(recent).EndByWorker();
        Assert.Equal(0, await Grains.GetGrain<IRetentionGrain>(0).Run());

        await Advance(TimeSpan.FromDays(96));
        Assert.Equal(2, await Grains.GetGrain<IRetentionGrain>(0).Run());

        await Assert.ThrowsAsync<HotlineException>(() => Grains.GetGrain<IArchiveGrain>(0).Read(old, "supervisor-wang"));
        await Assert.ThrowsAsync<HotlineException>(() => View(old));
        await Assert.ThrowsAsync<HotlineException>(() => View(abandoned));
        Assert.Equal(ConversationStatus.Abandoned, (await View(recent)).Status);
        // Their data keys are destroyed, so no other copy of them can be read either; the recent one's is kept.
        var dataKeys = Cluster.Silos.Single().ServiceProvider.GetRequiredService<IDataKeys>();
        Assert.Null(await dataKeys.Find(DataKeyIds.Conversation(old)));
        Assert.Null(await dataKeys.Find(DataKeyIds.Conversation(abandoned)));
        Assert.NotNull(await dataKeys.Find(DataKeyIds.Conversation(recent)));
        var audit = (await Grains.GetGrain<IAuditLogGrain>(0).Latest(50)).Entries.Select(e => e.Entry).Single(e => e.Action == AuditActions.Retention);
        Assert.StartsWith("2 records deleted, closed 2026-11-24 to 2026-11-24", audit.Subject);
        Assert.DoesNotContain("old one", audit.Subject);
    }

    [Fact]
    public async Task An_unreadable_record_is_skipped_and_the_records_after_it_are_still_deleted()
    {
        var closed = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (id, _) = await StartChat($"old {i}");
            await Conversation(id).EndByWorker();
            closed.Add(id);
        }
        // Named to come first however the folder is listed: a damaged file among the records.
        var damaged = Path.Combine(ArchiveFolder, $"{Guid.Empty:N}.record");
        await File.WriteAllTextAsync(damaged, "{ not a sealed record");

        await Advance(TimeSpan.FromDays(1096));
        Assert.Equal(3, await Grains.GetGrain<IRetentionGrain>(0).Run());

        foreach (var id in closed)
            await Assert.ThrowsAsync<HotlineException>(() => View(id));
        Assert.True(File.Exists(damaged), "the unreadable record is left for someone to look at");
        Assert.Equal(0, await Grains.GetGrain<IRetentionGrain>(0).Run());
    }

    [Fact]
    public async Task A_conversation_left_in_wrap_up_past_the_retention_time_is_deleted_and_no_longer_owed()
    {
        var (stuck, counselorId) = await ActiveConversation("我的工资被拖欠了");
        await Conversation(stuck).EndByCounselor(counselorId);
        await Advance(TimeSpan.FromDays(1000));
        var (recent, _) = await StartChat("recent");
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == recent);
        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        await Conversation(recent).EndByCounselor(counselorId);

        Assert.Equal(0, await Grains.GetGrain<IRetentionGrain>(0).Run());
        Assert.Equal(ConversationStatus.WrapUp, (await View(stuck)).Status);

        await Advance(TimeSpan.FromDays(96));
        Assert.Equal(1, await Grains.GetGrain<IRetentionGrain>(0).Run());

        await Assert.ThrowsAsync<HotlineException>(() => View(stuck));
        Assert.Equal(ConversationStatus.WrapUp, (await View(recent)).Status);
        // The counsellor's desk lists what it still owes; a deleted conversation must not break it.
        await Eventually.Shows(() => Counselor(counselorId).GetConversations(), c => c.Select(v => v.ConversationId).SequenceEqual([recent]), "the owed wrap-up dropped");
        var audit = (await Grains.GetGrain<IAuditLogGrain>(0).Latest(50)).Entries.Select(e => e.Entry).Single(e => e.Action == AuditActions.Retention);
        Assert.Equal("0 records deleted, and 1 conversations never archived (wrap-up not written)", audit.Subject);
    }

    [Fact]
    public async Task A_conversation_open_with_nothing_happening_for_the_retention_time_is_ended_never_deleted_while_open()
    {
        var (answered, counselorId) = await ActiveConversation("nobody ended this");
        // In a queue nobody on duty serves, so it is never offered.
        var (waiting, _) = await StartChat("still waiting", language: "en");
        await Advance(TimeSpan.FromDays(1000));
        var (lively, otherCounselor) = await ActiveConversation("first words");
        await Advance(TimeSpan.FromDays(95));
        await Conversation(lively).PostCounselorMessage(otherCounselor, "still talking", Guid.NewGuid().ToString("N"));
        await Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, await Grains.GetGrain<IRetentionGrain>(0).Run());

        // Ended as when the worker leaves: the answered one now owes its wrap-up, the waiting one is archived.
        Assert.Equal((ConversationStatus.WrapUp, EndReasons.Expired), await Ended(answered));
        Assert.Equal((ConversationStatus.Abandoned, EndReasons.Expired), await Ended(waiting));
        Assert.Equal(ConversationStatus.Active, (await View(lively)).Status);
        Assert.Null(await Queue("emotional.en").GetStatus(waiting));

        // From its end, each goes by the ordinary rules.
        await Advance(TimeSpan.FromDays(1096));
        Assert.Equal(2, await Grains.GetGrain<IRetentionGrain>(0).Run());
        await Assert.ThrowsAsync<HotlineException>(() => View(answered));
        await Assert.ThrowsAsync<HotlineException>(() => View(waiting));
        await Eventually.Shows(() => Counselor(counselorId).GetConversations(), c => c.Count == 0, "the owed wrap-up dropped");
    }

    private async Task<(ConversationStatus, string?)> Ended(Guid conversationId)
    {
        var tail = await Conversation(conversationId).GetMessagesAfter(0);
        return (tail.Status, tail.EndReason);
    }
}

