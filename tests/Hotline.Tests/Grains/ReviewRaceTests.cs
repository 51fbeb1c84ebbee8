using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;

namespace Hotline.Tests.Grains;

/// <summary>The races found in review (issue 15), each provoked on purpose: a lost one-way call, and a hand-back that fails.</summary>
public sealed class ReviewRaceTests : HotlineTestCluster
{
    private readonly CallFaults _faults = new();

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(_faults);

    [Fact]
    public async Task An_acceptance_the_queue_never_heard_of_still_takes_the_conversation_out_of_the_queue()
    {
        var (conversationId, _) = await StartChat("is anyone there");
        _faults.DropOnce<IQueueGrain>(nameof(IQueueGrain.OfferAccepted));
        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == conversationId);
        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        await Eventually.Shows(() => Task.FromResult(_faults.Dropped), dropped => dropped == 1, "the lost OfferAccepted");

        // The offer's own deadline is when the queue would have taken it back: by then it must know.
        await Advance(TimeSpan.FromSeconds(31));
        await Eventually.Shows(() => Queue().GetStatus(conversationId), status => status is null, "the answered conversation leaving the queue");
        Assert.Equal(0, await Queue().CountWaiting());

        // Another worker arriving re-estimates the whole queue. Pushes go out in rounds, one after the other, so two
        // later pushes to the newcomer prove that whatever the arrival's round told anyone has been delivered.
        var (meToo, _) = await StartChat("me too");
        var seat = new CounselorSeat("counselor-on-a-break", FreeSeats: 0, Capacity: 2, Held: 0, Clock.GetUtcNow(), ["emotional"], ["zh"]);
        await Queue().CounselorOnDuty(seat);
        await Events.WaitForWorker<QueueStatus>(meToo, "QueueUpdated", q => q.EstimatedWaitSeconds == 0);
        // Their seats filling up (not going off duty, which the estimates ride out for a while) brings the wait back.
        await Queue().CounselorOnDuty(seat with { Held = 2 });
        await Eventually.Shows(() => Task.FromResult(Events.ForWorker(meToo).Where(e => e.Name == "QueueUpdated").Select(e => (QueueStatus)e.Payload).ToList()),
            pushes => pushes.SkipWhile(q => q.EstimatedWaitSeconds > 0).Any(q => q.EstimatedWaitSeconds > 0), "the newcomer's wait going to none and back");
        var said = (await Conversation(conversationId).PostCounselorMessage(counselorId, "我在", ClientIds.New())).Seq;
        await Events.WaitForWorker<ChatMessage>(conversationId, "MessageReceived", m => m.Seq == said);
        await EventsDelivered();
        var toWorker = Events.ForWorker(conversationId).Select(e => e.Name).ToList();
        Assert.DoesNotContain("QueueUpdated", toWorker.SkipWhile(name => name != "CounselorJoined"));
    }

    [Fact]
    public async Task A_counsellor_going_offline_hands_every_conversation_back_even_when_one_hand_back_fails_once()
    {
        var (counselorId, held) = await HoldingThenGone(3);
        // Asking the counsellor first is the barrier: the tick that a move of the clock queued on it has run by the
        // time it answers, so hotline time does not run ahead of a hand-back that is slow in real time.
        await AdvanceUntil(async () => (await Counselor(counselorId).GetStatus()).Conversations.Count == 0
                && (await Task.WhenAll(held.Select(View))).All(v => v.Status == ConversationStatus.Queued),
            TimeSpan.FromMinutes(2), "every held conversation back in its queue");

        Assert.Equal(1, _faults.Thrown);
        foreach (var conversationId in held)
            await Eventually.Shows(() => Queue().GetStatus(conversationId), status => status is not null, "the conversation in its queue");
        var status = await Counselor(counselorId).GetStatus();
        Assert.Equal((Presence.Offline, 0), (status.Presence, status.Conversations.Count));
    }

    [Fact]
    public async Task A_hand_back_that_a_restart_cut_short_is_finished_by_the_counsellor_waking_after_the_restart()
    {
        var (counselorId, held) = await HoldingThenGone(2);
        await AdvanceUntil(async () => (await Counselor(counselorId).GetStatus()).Conversations.Count == 1, TimeSpan.FromMinutes(2), "the hand-back that succeeds");
        await Eventually.Shows(StoredReminders, reminders => reminders.Any(r => r.GrainId.Contains(counselorId) && r.Name == "hand-back"), "the hand-back reminder");

        // The silo stops before the 5 s retry: its timer is gone, and nobody calls this counsellor again (this test
        // does not either until the end). What wakes it takes a few minutes of hotline time (the reminder, a lease,
        // the grace time); the limit leaves room for a slow machine, where the clock runs ahead of the grain's ticks.
        await RestartSilo();
        await AdvanceUntil(async () => (await View(held[0])).Status == ConversationStatus.Queued, TimeSpan.FromMinutes(30), "the unfinished hand-back after the restart");

        // The conversation tells its queue one-way, so the queue may hear of it a moment after the conversation says Queued.
        await Eventually.Shows(() => Queue().GetStatus(held[0]), status => status is not null, "the conversation in its queue");
        var status = await Counselor(counselorId).GetStatus();
        Assert.Equal((Presence.Offline, 0), (status.Presence, status.Conversations.Count));
        await Eventually.Shows(StoredReminders, reminders => !reminders.Any(r => r.Name == "hand-back"), "the reminder gone once nothing is held");
    }

    /// <summary>
    /// A counsellor holding <paramref name="count"/> conversations whose page closes and stays away, the hand-back of
    /// the first of them set to fail once.
    /// </summary>
    private async Task<(string CounselorId, List<Guid> Held)> HoldingThenGone(int count)
    {
        var counselorId = await CounselorOnDuty(cap: count);
        var held = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var (conversationId, _) = await StartChat($"worker {i}");
            var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == conversationId);
            await Counselor(counselorId).AcceptOffer(offer.OfferId);
            held.Add(conversationId);
        }
        _faults.ThrowOnce<IConversationGrain>(nameof(IConversationGrain.ReturnToQueue), held[0]);
        await Counselor(counselorId).Connected("page-1");
        await Counselor(counselorId).Disconnected("page-1");
        return (counselorId, held);
    }
}
