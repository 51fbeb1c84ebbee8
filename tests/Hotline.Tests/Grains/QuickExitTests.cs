using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Supervision;

namespace Hotline.Tests.Grains;

/// <summary>Quick exit keeps the conversation open for a while, and the wait estimate stays steady through presence noise; on a fake clock.</summary>
public sealed class QuickExitTests : HotlineTestCluster
{
    protected override Dictionary<string, string?> Settings { get; } = new()
    {
        ["Hotline:Chat:QuickExitResumeSeconds"] = "120",
        ["Hotline:Routing:PresenceSteadySeconds"] = "60",
    };

    [Fact]
    public async Task After_a_quick_exit_the_counsellor_is_told_and_the_conversation_ends_as_a_disconnect_only_when_the_time_is_up()
    {
        var (conversationId, counselorId) = await ActiveConversation("我已经吃了药");
        var leftAt = Clock.GetUtcNow();

        var until = await Conversation(conversationId).LeaveInHurry();

        Assert.Equal(leftAt.AddSeconds(120), until);
        var told = await Events.WaitForCounselor<WorkerLeftInHurry>(counselorId, "WorkerLeftInHurry", e => e.ConversationId == conversationId);
        Assert.Equal(until, told.ResumableUntil);
        // Screening put it at R3 or above: the supervisors are alerted that the worker left.
        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == conversationId && a.Reason == AlertReasons.LeftInHurry);
        Assert.Equal(counselorId, alert.CounselorId);

        var view = await AdvanceAndAsk(TimeSpan.FromSeconds(119), () => View(conversationId));
        Assert.Equal(ConversationStatus.Active, view.Status);

        await Advance(TimeSpan.FromSeconds(1));
        var ended = await Events.WaitForCounselor<ConversationEnded>(counselorId, "ConversationEnded", e => e.ConversationId == conversationId);
        Assert.Equal(EndReasons.WorkerDisconnected, ended.Reason);
        Assert.Equal(ConversationStatus.WrapUp, (await View(conversationId)).Status);
    }

    [Fact]
    public async Task A_worker_who_comes_back_in_time_keeps_the_conversation_and_the_counsellor_hears_they_returned()
    {
        var (conversationId, counselorId) = await ActiveConversation("hello");
        await Conversation(conversationId).LeaveInHurry();
        await Events.WaitForCounselor<WorkerLeftInHurry>(counselorId, "WorkerLeftInHurry");

        await Advance(TimeSpan.FromSeconds(60));
        await Conversation(conversationId).WorkerResumed();
        await Events.WaitForCounselor<WorkerReturned>(counselorId, "WorkerReturned", e => e.ConversationId == conversationId);

        var view = await AdvanceAndAsk(TimeSpan.FromSeconds(300), () => View(conversationId));
        Assert.Equal(ConversationStatus.Active, view.Status);
        // Low risk: no alert for the supervisors.
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForSupervisors(), e => e.Payload is Alert { Reason: AlertReasons.LeftInHurry });
    }

    [Fact]
    public async Task A_second_quick_exit_from_another_tab_keeps_the_first_deadline_and_tells_the_counsellor_once()
    {
        var (conversationId, counselorId) = await ActiveConversation("hello");
        var first = await Conversation(conversationId).LeaveInHurry();
        await Advance(TimeSpan.FromSeconds(30));

        var second = await Conversation(conversationId).LeaveInHurry();

        Assert.Equal(first, second);
        await EventsDelivered();
        Assert.Single(Events.ForCounselor(counselorId), e => e.Name == "WorkerLeftInHurry");
        // The first deadline ends it, not one stretched by the second exit.
        await Advance(TimeSpan.FromSeconds(90));
        await Events.WaitForCounselor<ConversationEnded>(counselorId, "ConversationEnded", e => e.ConversationId == conversationId);
    }

    [Fact]
    public async Task A_quick_exit_that_arrives_after_the_end_changes_nothing_and_tells_nobody()
    {
        var (conversationId, counselorId) = await ActiveConversation("hello");
        await Conversation(conversationId).EndByWorker();
        await Events.WaitForCounselor<ConversationEnded>(counselorId, "ConversationEnded", e => e.ConversationId == conversationId);

        Assert.Null(await Conversation(conversationId).LeaveInHurry());

        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(counselorId), e => e.Name == "WorkerLeftInHurry");
        Assert.Equal(ConversationStatus.WrapUp, (await View(conversationId)).Status);
    }

    [Fact]
    public async Task A_waiting_worker_who_left_in_a_hurry_keeps_their_place_past_the_disconnect_grace_until_the_time_is_up()
    {
        var (conversationId, _) = await StartChat("有人吗");
        await Conversation(conversationId).WorkerConnected("tab-1");
        await Conversation(conversationId).LeaveInHurry();
        await Conversation(conversationId).WorkerDisconnected("tab-1");

        // The disconnect grace (10 s) passes: still waiting.
        var waiting = await AdvanceAndAsk(TimeSpan.FromSeconds(30), () => View(conversationId));
        Assert.Equal(ConversationStatus.Queued, waiting.Status);

        await Advance(TimeSpan.FromSeconds(90));
        var ended = await Events.WaitForWorker<ChatEnded>(conversationId, "ChatEnded");
        Assert.Equal(EndReasons.WorkerDisconnected, ended.Reason);
        Assert.Equal(ConversationStatus.Abandoned, (await View(conversationId)).Status);
    }

    [Fact]
    public async Task A_moment_away_moves_no_estimate_and_nobody_on_duty_is_said_only_once_the_steady_time_is_up()
    {
        var (waiting, _) = await StartChat("is anyone there");
        // On duty with room, but not free to be offered (an offer pending elsewhere): the estimate counts the room.
        await Queue().CounselorOnDuty(new CounselorSeat("counselor-li", FreeSeats: 0, Capacity: 3, Held: 0, Clock.GetUtcNow(), ["emotional"], ["zh"]));
        var withLi = await Events.WaitForWorker<QueueStatus>(waiting, "QueueUpdated", q => q.CounselorsOnDuty == 1);
        Assert.Equal(0, withLi.EstimatedWaitSeconds);

        await Queue().CounselorOffDuty("counselor-li");
        // A barrier: the queue has taken the one-way call (and noted when) before the clock moves.
        await Queue().GetStatus(waiting);
        var away = await AdvanceAndAsk(TimeSpan.FromSeconds(59), () => Queue().GetStatus(waiting));
        Assert.Equal(withLi, away);

        await Advance(TimeSpan.FromSeconds(1));
        var nobody = await Events.WaitForWorker<QueueStatus>(waiting, "QueueUpdated", q => q.CounselorsOnDuty == 0);
        Assert.Equal(1, nobody.Position);
    }
}
