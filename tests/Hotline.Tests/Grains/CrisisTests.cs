using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;
using Hotline.Contracts.Workers;
using Orleans.Reminders.Diagnostics;

namespace Hotline.Tests.Grains;

/// <summary>Risk screening, alerts and their escalation, and supervisors stepping in, on a fake clock.</summary>
public sealed class CrisisTests : HotlineTestCluster
{
    [Fact]
    public async Task A_risk_phrase_in_the_first_message_raises_the_risk_moves_it_ahead_and_alerts_supervisors()
    {
        var (calm, _) = await StartChat("工作压力大");
        var (atRisk, _) = await StartChat("我 不想活了");

        Assert.Equal(RiskLevel.R3, (await View(atRisk)).RiskLevel);
        Assert.Equal(1, (await Queue().GetStatus(atRisk))!.Position);
        Assert.Equal(2, (await Queue().GetStatus(calm))!.Position);
        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == atRisk);
        Assert.Equal((RiskLevel.R3, false), (alert.RiskLevel, alert.Urgent));

        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived");
        Assert.Equal((atRisk, RiskLevel.R3), (offer.ConversationId, offer.RiskLevel));
    }

    [Fact]
    public async Task A_risk_phrase_while_waiting_moves_the_conversation_ahead_and_tells_those_it_passed()
    {
        var (first, _) = await StartChat("hello");
        var (second, _) = await StartChat("hi");
        await Conversation(second).PostWorkerMessage("其实我想过自杀", ClientIds.New());

        Assert.Equal(1, (await Queue().GetStatus(second))!.Position);
        await Events.WaitForWorker<Contracts.Queues.QueueStatus>(first, "QueueUpdated", q => q.Position == 2);
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == second);
    }

    [Fact]
    public async Task A_risk_phrase_during_a_chat_tells_the_counselor_and_never_lowers_the_level()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Conversation(conversationId).PostWorkerMessage("I have taken an overdose", ClientIds.New());
        var changed = await Events.WaitForCounselor<RiskChanged>(counselorId, "RiskChanged");
        Assert.Equal(RiskLevel.R4, changed.RiskLevel);
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == conversationId && a.RiskLevel == RiskLevel.R4);

        await Conversation(conversationId).PostWorkerMessage("I want to kill myself", ClientIds.New());
        Assert.Equal(RiskLevel.R4, (await View(conversationId)).RiskLevel);
        await EventsDelivered();
        Assert.Single(Events.ForSupervisors(), e => e.Name == "AlertRaised" && ((Alert)e.Payload).ConversationId == conversationId);
    }

    [Fact]
    public async Task An_unacknowledged_alert_escalates_every_minute_until_a_supervisor_acknowledges_it()
    {
        var (atRisk, _) = await StartChat("我想跳楼");
        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == atRisk);

        var open = await AdvanceAndAsk(TimeSpan.FromSeconds(59), Supervision.GetOpenAlerts);
        Assert.Equal(0, open.Single().Escalations);
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForSupervisors(), e => e.Name == "AlertRaised" && ((Alert)e.Payload).Urgent);
        await Advance(TimeSpan.FromSeconds(2));
        var urgent = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.AlertId == alert.AlertId && a.Urgent);
        Assert.Equal(1, urgent.Escalations);
        await Advance(TimeSpan.FromSeconds(60));
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.AlertId == alert.AlertId && a.Escalations == 2);

        var acknowledged = await Supervision.Acknowledge(alert.AlertId, "supervisor-wang");
        Assert.Equal("supervisor-wang", acknowledged.AcknowledgedBy);
        Assert.Empty(await Supervision.GetOpenAlerts());
        Assert.Empty(await AdvanceAndAsk(TimeSpan.FromSeconds(600), Supervision.GetOpenAlerts));
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForSupervisors(), e => e.Name == "AlertRaised" && ((Alert)e.Payload).Escalations > 2);
        await Assert.ThrowsAsync<HotlineException>(() => Supervision.Acknowledge(alert.AlertId, "supervisor-wang"));
    }

    private ISupervisionGrain Supervision => Grains.GetGrain<ISupervisionGrain>("national");

    [Fact]
    public async Task A_whisper_reaches_the_counselor_and_monitors_and_never_the_worker_and_is_audited()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        var monitored = await Conversation(conversationId).Monitor("supervisor-wang");
        Assert.Single(monitored.Messages);

        await Conversation(conversationId).Whisper("supervisor-wang", "王督导", "Ask about sleep.");

        var whisper = await Events.WaitForCounselor<Whisper>(counselorId, "WhisperReceived");
        Assert.Equal(("王督导", "Ask about sleep."), (whisper.SupervisorName, whisper.Text));
        await Events.WaitForMonitors<Whisper>(conversationId, "WhisperReceived");
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForWorker(conversationId), e => e.Name == "WhisperReceived");
        Assert.DoesNotContain((await View(conversationId)).Messages, m => m.Text == "Ask about sleep.");

        var audit = await Grains.GetGrain<IAuditLogGrain>(0).For(conversationId);
        Assert.Equal([AuditActions.Monitor, AuditActions.Whisper], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("supervisor-wang", a.Actor));
    }

    [Fact]
    public async Task A_supervisor_who_joins_is_announced_to_the_worker_and_can_write()
    {
        var (conversationId, _) = await ActiveConversation();
        await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).PostSupervisorMessage("supervisor-wang", "hello", ClientIds.New()));

        await Conversation(conversationId).Join("supervisor-wang", "王督导");
        var line = await Events.WaitForWorker<ChatMessage>(conversationId, "MessageReceived", m => m.Sender == Sender.System);
        Assert.Contains("督导", line.Text);
        var message = await Conversation(conversationId).PostSupervisorMessage("supervisor-wang", "我也在这里陪着你", ClientIds.New());
        Assert.Equal(Sender.Supervisor, message.Sender);
        Assert.Contains(AuditActions.Join, (await Grains.GetGrain<IAuditLogGrain>(0).For(conversationId)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_supervisor_reassigns_an_active_conversation_to_a_free_counselor_only()
    {
        var (conversationId, first) = await ActiveConversation();
        var busy = await CounselorOnDuty();
        await Counselor(busy).SetPresence(Contracts.Counselors.Presence.Away);
        await Assert.ThrowsAsync<HotlineException>(() => Counselor(busy).TakeReassignment(conversationId, "supervisor-wang"));
        Assert.Equal(first, (await View(conversationId)).CounselorId);

        var free = await CounselorOnDuty(name: "Counsellor Zhao");
        await Counselor(free).TakeReassignment(conversationId, "supervisor-wang");

        Assert.Equal(free, (await View(conversationId)).CounselorId);
        Assert.Equal(EndReasons.Reassigned, (await Events.WaitForCounselor<ConversationEnded>(first, "ConversationEnded")).Reason);
        await Events.WaitForCounselor<ConversationAssigned>(free, "ConversationAssigned");
        Assert.Contains(AuditActions.Reassign, (await Grains.GetGrain<IAuditLogGrain>(0).For(conversationId)).Select(a => a.Action));
    }

    [Fact]
    public async Task An_R4_wrap_up_needs_to_say_whether_emergency_services_were_reached()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Conversation(conversationId).EndByCounselor(counselorId);
        var refused = await Assert.ThrowsAsync<HotlineException>(() =>
            Conversation(conversationId).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R4, "escalation", null)));
        Assert.Contains("emergency services", refused.Message);
        Assert.Equal(ConversationStatus.WrapUp, (await View(conversationId)).Status);

        await Conversation(conversationId).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R4, "escalation", "120 called", EmergencyServicesReached: true));
        Assert.Equal(ConversationStatus.Closed, (await View(conversationId)).Status);
    }
}

/// <summary>Follow-up tasks after high-risk conversations, on a fake clock.</summary>
public sealed class FollowUpTests : HotlineTestCluster
{
    private const string WakeUp = "follow-ups-wake-up";

    private IFollowUpsGrain FollowUps => Grains.GetGrain<IFollowUpsGrain>(0);

    private string FollowUpsId => FollowUps.GetGrainId().ToString();

    [Fact]
    public async Task An_R3_wrap_up_creates_a_task_due_in_24_hours_that_alerts_when_overdue()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Conversation(conversationId).EndByCounselor(counselorId);
        await Conversation(conversationId).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R3, "referral", "plan disclosed; safety plan agreed"));

        var task = Assert.Single(await FollowUps.OwnedBy(counselorId));
        Assert.Equal((conversationId, Clock.GetUtcNow().AddHours(24)), (task.ConversationId, task.DueAt));
        var assessed = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == conversationId);
        Assert.Equal((RiskLevel.R3, AlertReasons.RiskAssessed), (assessed.RiskLevel, assessed.Reason));
        Assert.Single(await FollowUps.Open());

        Assert.False((await NoFollowUpAlertAfter(TimeSpan.FromHours(23))).Single().OverdueAlerted);
        await Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.Reason == AlertReasons.FollowUpOverdue);
        Assert.Equal((conversationId, counselorId), (alert.ConversationId, alert.CounselorId));
    }

    [Fact]
    public async Task A_task_done_in_time_raises_nothing_and_only_its_owner_can_close_it()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Conversation(conversationId).EndByCounselor(counselorId);
        await Conversation(conversationId).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R4, "escalation", null, EmergencyServicesReached: true));
        var task = Assert.Single(await FollowUps.Open());

        await Assert.ThrowsAsync<HotlineException>(() => FollowUps.Complete(task.TaskId, "someone-else"));
        await FollowUps.Complete(task.TaskId, counselorId);
        await Assert.ThrowsAsync<HotlineException>(() => FollowUps.Complete(task.TaskId, counselorId));
        Assert.Empty(await FollowUps.Open());
        Assert.DoesNotContain(await StoredReminders(), r => r.GrainId == FollowUpsId);

        Assert.Empty(await NoFollowUpAlertAfter(TimeSpan.FromHours(25)));
    }

    [Fact]
    public async Task Lower_risk_wrap_ups_create_no_task_and_tasks_survive_a_restart()
    {
        var (low, lowCounselor) = await ActiveConversation();
        await Conversation(low).EndByCounselor(lowCounselor);
        await Conversation(low).SubmitWrapUp(lowCounselor, new WrapUp("emotional", RiskLevel.R2, "counselling", null));
        Assert.Empty(await FollowUps.Open());
        Assert.DoesNotContain(await StoredReminders(), r => r.GrainId == FollowUpsId);
        await Counselor(lowCounselor).SetPresence(Contracts.Counselors.Presence.Offline);

        var (high, highCounselor) = await ActiveConversation("again");
        await Conversation(high).EndByCounselor(highCounselor);
        await Conversation(high).SubmitWrapUp(highCounselor, new WrapUp("emotional", RiskLevel.R3, "referral", null));
        var task = Assert.Single(await FollowUps.OwnedBy(highCounselor));
        var reminder = Assert.Single(await StoredReminders(), r => r.GrainId == FollowUpsId);
        Assert.Equal((WakeUp, TimeSpan.FromMinutes(5), Clock.GetUtcNow().AddMinutes(5)), (reminder.Name, reminder.Period, reminder.StartAt));

        await RestartSilo();
        // From here on nobody calls the follow-ups grain: only its reminder can bring it back to see the task overdue.
        await Reminders.WaitFor<ReminderEvents.LocalReminderTickWaitArmed>(FollowUps.GetGrainId(), WakeUp, Cluster.Silos.Single().SiloAddress);
        await Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == high && a.Reason == AlertReasons.FollowUpOverdue);
        Assert.Equal(highCounselor, alert.CounselorId);
        var stored = Assert.Single(await FollowUps.OwnedBy(highCounselor));
        Assert.Equal((task.TaskId, true), (stored.TaskId, stored.OverdueAlerted));
    }

    [Fact]
    public async Task A_done_task_is_dropped_once_it_has_been_done_for_the_kept_days_and_open_ones_stay()
    {
        var done = await FollowUps.Create(Guid.NewGuid(), "counselor-a", RiskLevel.R3);
        await FollowUps.Complete(done.TaskId, "counselor-a");
        var open = await FollowUps.Create(Guid.NewGuid(), "counselor-a", RiskLevel.R3);

        // Each write drops the tasks done longer ago than the kept days (30 by default). Within them, a second "done" is told so.
        await Advance(TimeSpan.FromDays(29));
        await FollowUps.Create(Guid.NewGuid(), "counselor-b", RiskLevel.R3);
        Assert.Contains("already done", (await Assert.ThrowsAsync<HotlineException>(() => FollowUps.Complete(done.TaskId, "counselor-a"))).Message);

        await Advance(TimeSpan.FromDays(2));
        await FollowUps.Create(Guid.NewGuid(), "counselor-b", RiskLevel.R3);
        Assert.Contains("no follow-up task", (await Assert.ThrowsAsync<HotlineException>(() => FollowUps.Complete(done.TaskId, "counselor-a"))).Message);
        Assert.Equal([open.TaskId], (await FollowUps.OwnedBy("counselor-a")).Select(t => t.TaskId));
    }

    /// <summary>
    /// A barrier, then: no follow-up alert so far. The overdue timer is the follow-ups grain's, so it is asked first;
    /// its tick tells the conversation one-way (which tells supervision one-way), sent before the tick ends, so
    /// supervision is asked next, and only then are the events read. Returns the open tasks as the follow-ups grain had them.
    /// </summary>
    private async Task<IReadOnlyList<FollowUpTask>> NoFollowUpAlertAfter(TimeSpan by)
    {
        var open = await AdvanceAndAsk(by, FollowUps.Open);
        Assert.DoesNotContain(await Grains.GetGrain<ISupervisionGrain>("national").GetOpenAlerts(), a => a.Reason == AlertReasons.FollowUpOverdue);
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForSupervisors(), e => e.Name == "AlertRaised" && ((Alert)e.Payload).Reason == AlertReasons.FollowUpOverdue);
        return open;
    }
}

/// <summary>
/// Blocking a worker: neutral for them, listed and liftable for supervisors. Every chat has a resume token of its own
/// (a grain each, as the worker hub starts them), so a block reaches a new chat only through a remembered device.
/// </summary>
public sealed class BlockTests : HotlineTestCluster
{
    private const string Device = "device-0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    [Fact]
    public async Task A_blocked_device_is_told_neutrally_with_the_alternatives_in_a_new_chat_and_its_token_until_a_supervisor_lifts_it()
    {
        var (conversationId, tokenKey) = await StartChat("hello", device: Device);
        var counselorId = await CounselorOnDuty();
        await Counselor(counselorId).AcceptOffer((await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived")).OfferId);
        await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).BlockWorker("someone-else", asSupervisor: false, "abuse"));

        var block = await Conversation(conversationId).BlockWorker(counselorId, asSupervisor: false, "repeated abuse", hours: 24);
        Assert.Equal(Clock.GetUtcNow().AddHours(24), block.Until);
        await Conversation(conversationId).EndByCounselor(counselorId);
        var token = Grains.GetGrain<IWorkerGrain>(tokenKey);
        await Blocked(Grains.GetGrain<IWorkerGrain>(Device), expected: true);

        // A new chat (a new resume token) from the same device, in either language: the same calm refusal.
        var refused = await Assert.ThrowsAsync<HotlineException>(() => Grains.GetGrain<IWorkerGrain>(Guid.NewGuid().ToString("N")).StartChat(Guid.NewGuid(), Channel.Web, "emotional", "zh", "hello again", PrivacyNotice.Version, Device));
        Assert.Equal(RefusalCodes.ChatUnavailable, refused.Code);
        Assert.Contains("12356", refused.Message);
        Assert.Contains("110", refused.Message);
        var english = await Assert.ThrowsAsync<HotlineException>(() => Grains.GetGrain<IWorkerGrain>(Guid.NewGuid().ToString("N")).StartChat(Guid.NewGuid(), Channel.Web, "emotional", "en", "hello again", PrivacyNotice.Version, Device));
        Assert.Contains("Other ways to get help now", english.Message);
        Assert.DoesNotContain("block", english.Message, StringComparison.OrdinalIgnoreCase);
        // The blocked chat's own token does not resume either.
        Assert.True(await token.IsBlocked());
        Assert.Equal(RefusalCodes.ChatUnavailable, (await Assert.ThrowsAsync<HotlineException>(token.Resume)).Code);
        // Another device, or none, is somebody else.
        await StartChat("someone else", device: Device.Replace('0', '9'));
        await StartChat("someone anonymous");

        var listed = Assert.Single(await Grains.GetGrain<IBlockListGrain>(0).Active());
        Assert.Equal((block.BlockId, conversationId, "repeated abuse", block.Until), (listed.BlockId, listed.ConversationId, listed.Reason, listed.Until));
        await Grains.GetGrain<IBlockListGrain>(0).Lift(block.BlockId, "supervisor-wang");
        Assert.Empty(await Grains.GetGrain<IBlockListGrain>(0).Active());
        Assert.Equal(conversationId, await token.Resume());
        await StartChat("hello again", device: Device);
        Assert.Equal([AuditActions.Block, AuditActions.LiftBlock], (await Grains.GetGrain<IAuditLogGrain>(0).For(conversationId)).Select(a => a.Action));
    }

    [Fact]
    public async Task An_anonymous_worker_is_blocked_by_its_resume_token()
    {
        var (conversationId, tokenKey) = await StartChat("hello");
        await Conversation(conversationId).BlockWorker("supervisor-wang", asSupervisor: true, null, hours: 1);
        var token = Grains.GetGrain<IWorkerGrain>(tokenKey);
        await Blocked(token, expected: true);
        Assert.Equal(RefusalCodes.ChatUnavailable, (await Assert.ThrowsAsync<HotlineException>(token.Resume)).Code);
        Assert.Equal(RefusalCodes.ChatUnavailable, (await Assert.ThrowsAsync<HotlineException>(() => token.StartChat(Guid.NewGuid(), Channel.Web, "emotional", "zh", "again", PrivacyNotice.Version))).Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(168)]
    [InlineData(720)]
    public async Task A_block_runs_out_after_the_length_chosen(int hours)
    {
        var (conversationId, _) = await StartChat("hello", device: Device);
        var block = await Conversation(conversationId).BlockWorker("supervisor-wang", asSupervisor: true, null, hours);
        Assert.Equal(Clock.GetUtcNow().AddHours(hours), block.Until);
        var device = Grains.GetGrain<IWorkerGrain>(Device);
        await Blocked(device, expected: true);
        await Advance(TimeSpan.FromHours(hours) - TimeSpan.FromSeconds(1));
        Assert.True(await device.IsBlocked());
        await Advance(TimeSpan.FromSeconds(2));
        Assert.False(await device.IsBlocked());
        Assert.Empty(await Grains.GetGrain<IBlockListGrain>(0).Active());
        await StartChat("hello again", device: Device);
    }

    [Fact]
    public async Task Without_a_length_a_block_lasts_the_configured_days()
    {
        var (conversationId, _) = await StartChat("hello");
        Assert.Equal(Clock.GetUtcNow().AddDays(30), (await Conversation(conversationId).BlockWorker("supervisor-wang", asSupervisor: true, null)).Until);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-24)]
    [InlineData(2)]
    [InlineData(100_000)]
    public async Task A_length_not_offered_is_refused_and_blocks_nobody(int hours)
    {
        var (conversationId, tokenKey) = await StartChat("hello");
        var refused = await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).BlockWorker("supervisor-wang", asSupervisor: true, null, hours));
        Assert.Equal(RefusalCodes.BlockLengthInvalid, refused.Code);
        Assert.Empty(await Grains.GetGrain<IBlockListGrain>(0).Active());
        Assert.False(await Grains.GetGrain<IWorkerGrain>(tokenKey).IsBlocked());
    }

    /// <summary>The block reaches the worker grain one-way (it may not be awaited from the conversation); ask until it has.</summary>
    private static Task Blocked(IWorkerGrain worker, bool expected) =>
        Eventually.Shows(worker.IsBlocked, blocked => blocked == expected, "The block");
}
