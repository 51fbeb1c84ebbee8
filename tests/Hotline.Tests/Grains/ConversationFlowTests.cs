using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;

namespace Hotline.Tests.Grains;

public sealed class ConversationFlowTests : HotlineTestCluster
{
    [Fact]
    public async Task A_conversation_goes_from_queued_through_offered_active_and_wrap_up_to_closed()
    {
        var (conversationId, _) = await StartChat("我最近压力很大");
        Assert.Equal(ConversationStatus.Queued, (await View(conversationId)).Status);

        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived");
        Assert.Equal(conversationId, offer.ConversationId);
        Assert.Equal("我最近压力很大", offer.Preview);
        Assert.Equal(ConversationStatus.Offered, (await View(conversationId)).Status);

        var accepted = await Counselor(counselorId).AcceptOffer(offer.OfferId);
        Assert.Equal(ConversationStatus.Active, accepted.Status);
        Assert.Equal("Counsellor Li", (await Events.WaitForWorker<CounselorJoined>(conversationId, "CounselorJoined")).DisplayName);

        await Conversation(conversationId).EndByCounselor(counselorId);
        Assert.Equal(ConversationStatus.WrapUp, (await View(conversationId)).Status);
        Assert.Equal(EndReasons.CounselorEnded, (await Events.WaitForWorker<ChatEnded>(conversationId, "ChatEnded")).Reason);
        Assert.Empty((await Counselor(counselorId).GetStatus()).Conversations);
        Assert.Equal([ConversationStatus.WrapUp], (await Counselor(counselorId).GetConversations()).Select(c => c.Status));

        await Conversation(conversationId).SubmitWrapUp(counselorId, new WrapUp("work-career", RiskLevel.R1, "counselling", "stress at work"));
        var closed = await View(conversationId);
        Assert.Equal(ConversationStatus.Closed, closed.Status);
        Assert.Equal(RiskLevel.R1, closed.RiskLevel);
        Assert.Empty(await Counselor(counselorId).GetConversations());
    }

    // A desk that missed ConversationEnded learns the end from its repair read, and must word it as the event would.
    [Fact]
    public async Task The_tail_a_page_reads_after_the_end_says_why_it_ended()
    {
        var (conversationId, _) = await StartChat("我最近压力很大");
        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived");
        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        Assert.Null((await Conversation(conversationId).GetMessagesAfter(0)).EndReason);

        await Conversation(conversationId).EndByWorker();

        var tail = await Conversation(conversationId).GetMessagesAfterFor(counselorId, 0);
        Assert.Equal(ConversationStatus.WrapUp, tail.Status);
        Assert.Equal(EndReasons.WorkerEnded, tail.EndReason);
    }

    [Fact]
    public async Task Messages_get_consecutive_sequence_numbers_and_reach_both_sides_in_order()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        var conversation = Conversation(conversationId);
        for (var i = 0; i < 10; i++)
        {
            await conversation.PostWorkerMessage($"worker {i}", ClientIds.New());
            await conversation.PostCounselorMessage(counselorId, $"counselor {i}", ClientIds.New());
        }

        var messages = (await View(conversationId)).Messages;
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), messages.Select(m => m.Seq));
        Assert.Equal("hello", messages[0].Text);
        Assert.Equal("worker 9", messages[^2].Text);
        Assert.Equal(Sender.Counselor, messages[^1].Sender);

        await Events.WaitForCounselor<ChatMessage>(counselorId, "MessageReceived", m => m.Seq == 21);
        var toCounselor = Events.ForCounselor(counselorId).Where(e => e.Name == "MessageReceived").Select(e => ((ChatMessage)e.Payload).Seq).ToList();
        Assert.Equal(Enumerable.Range(2, 20).Select(i => (long)i), toCounselor);
        var toWorker = Events.ForWorker(conversationId).Where(e => e.Name == "MessageReceived").Select(e => ((ChatMessage)e.Payload).Seq).ToList();
        Assert.Equal(Enumerable.Range(2, 20).Select(i => (long)i), toWorker);
    }

    [Fact]
    public async Task Text_is_kept_exactly_as_typed()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        const string tricky = "<b>x</b> <script>alert(1)</script> & \"引号\" 😀\n  second line ";
        await Conversation(conversationId).PostCounselorMessage(counselorId, tricky, ClientIds.New());
        Assert.Equal(tricky, (await View(conversationId)).Messages[^1].Text);
    }

    [Fact]
    public async Task A_worker_who_leaves_while_waiting_is_abandoned_and_leaves_the_queue()
    {
        var (first, _) = await StartChat("first");
        var (second, _) = await StartChat("second");
        Assert.Equal(2, (await Queue().GetStatus(second))!.Position);

        await Conversation(first).EndByWorker();

        Assert.Equal(ConversationStatus.Abandoned, (await View(first)).Status);
        Assert.Null(await Queue().GetStatus(first));
        var update = await Events.WaitForWorker<QueueStatus>(second, "QueueUpdated");
        Assert.Equal(1, update.Position);
    }

    [Fact]
    public async Task A_worker_who_leaves_during_an_offer_has_the_offer_withdrawn_from_the_counselor()
    {
        var (conversationId, _) = await StartChat("hello");
        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived");

        await Conversation(conversationId).EndByWorker();

        await Events.WaitForCounselor<OfferWithdrawn>(counselorId, "OfferWithdrawn", w => w.OfferId == offer.OfferId);
        var refused = await Assert.ThrowsAsync<HotlineException>(() => Counselor(counselorId).AcceptOffer(offer.OfferId));
        Assert.Contains("no longer open", refused.Message);
        Assert.Equal(ConversationStatus.Abandoned, (await View(conversationId)).Status);
        Assert.Empty((await Counselor(counselorId).GetStatus()).Conversations);
    }

    [Fact]
    public async Task An_offer_that_is_not_answered_in_time_goes_to_the_next_counselor()
    {
        var (conversationId, _) = await StartChat("hello");
        var slow = await CounselorOnDuty();
        var first = await Events.WaitForCounselor<OfferReceived>(slow, "OfferReceived");
        var next = await CounselorOnDuty();

        await Advance(TimeSpan.FromSeconds(31));

        await Events.WaitForCounselor<OfferWithdrawn>(slow, "OfferWithdrawn", w => w.OfferId == first.OfferId);
        var second = await Events.WaitForCounselor<OfferReceived>(next, "OfferReceived");
        Assert.Equal(conversationId, second.ConversationId);
        await Assert.ThrowsAsync<HotlineException>(() => Counselor(slow).AcceptOffer(first.OfferId));
        Assert.Equal(ConversationStatus.Active, (await Counselor(next).AcceptOffer(second.OfferId)).Status);
    }

    [Fact]
    public async Task A_declined_offer_goes_to_the_next_counselor_and_never_to_two_at_once()
    {
        var (conversationId, _) = await StartChat("hello");
        var a = await CounselorOnDuty();
        var b = await CounselorOnDuty();
        var offerA = await Events.WaitForCounselor<OfferReceived>(a, "OfferReceived");
        // A barrier: the queue offers in its own turns, each awaiting the counsellor's event, and both counsellors
        // told it they are on duty before this asks, so once it answers any offer to b is recorded.
        Assert.NotNull(await Queue().GetStatus(conversationId));
        Assert.Null((await Counselor(b).GetStatus()).PendingOffer);
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(b), e => e.Name == "OfferReceived");

        await Counselor(a).DeclineOffer(offerA.OfferId);

        var offerB = await Events.WaitForCounselor<OfferReceived>(b, "OfferReceived");
        Assert.Equal(conversationId, offerB.ConversationId);
        await Counselor(b).AcceptOffer(offerB.OfferId);
        var view = await View(conversationId);
        Assert.Equal(b, view.CounselorId);
        await Assert.ThrowsAsync<HotlineException>(() => Counselor(a).AcceptOffer(offerA.OfferId));
        Assert.Equal(b, (await View(conversationId)).CounselorId);
    }

    [Fact]
    public async Task A_counselor_is_not_offered_more_than_their_cap()
    {
        var counselorId = await CounselorOnDuty(cap: 1);
        var (first, _) = await StartChat("one");
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived");
        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        var (second, _) = await StartChat("two");

        Assert.Equal(ConversationStatus.Queued, (await View(second)).Status);
        await EventsDelivered();
        Assert.Single(Events.ForCounselor(counselorId), e => e.Name == "OfferReceived");

        await Conversation(first).EndByCounselor(counselorId);
        var next = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == second);
        Assert.Equal("two", next.Preview);
    }

    [Fact]
    public async Task Refused_calls_leave_the_conversation_as_it_was()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        var before = await View(conversationId);
        var conversation = Conversation(conversationId);

        await Assert.ThrowsAsync<HotlineException>(() => conversation.PostWorkerMessage("", ClientIds.New()));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.PostWorkerMessage("   ", ClientIds.New()));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.PostWorkerMessage(new string('x', 4001), ClientIds.New()));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.PostCounselorMessage("someone-else", "hi", ClientIds.New()));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.EndByCounselor("someone-else"));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R0, "counselling", null)));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitSurvey(new Survey(5, true, null)));

        var after = await View(conversationId);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Messages, after.Messages);

        await conversation.EndByCounselor(counselorId);
        await Assert.ThrowsAsync<HotlineException>(() => conversation.PostWorkerMessage("too late", ClientIds.New()));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.Unassessed, "counselling", null)));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitWrapUp(counselorId, new WrapUp("no-such-topic", RiskLevel.R0, "counselling", null)));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R0, "hugging", null)));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitSurvey(new Survey(6, true, null)));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitSurvey(new Survey(0, true, null)));
        Assert.Equal(ConversationStatus.WrapUp, (await View(conversationId)).Status);
        Assert.Equal(before.Messages.Count, (await View(conversationId)).Messages.Count);

        await conversation.SubmitSurvey(new Survey(5, true, "谢谢"));
        await Assert.ThrowsAsync<HotlineException>(() => conversation.SubmitSurvey(new Survey(1, false, null)));
        Assert.True((await View(conversationId)).SurveySubmitted);
    }

    [Fact]
    public async Task An_unknown_conversation_is_refused_and_not_created()
    {
        var unknown = Conversation(Guid.NewGuid());
        var refused = await Assert.ThrowsAsync<HotlineException>(() => unknown.GetView());
        Assert.Contains("no conversation", refused.Message);
        await Assert.ThrowsAsync<HotlineException>(() => unknown.PostWorkerMessage("hi", ClientIds.New()));
        await Assert.ThrowsAsync<HotlineException>(() => unknown.GetView());
    }

    [Fact]
    public async Task A_bad_topic_or_language_starts_nothing()
    {
        var worker = Grains.GetGrain<IWorkerGrain>(Guid.NewGuid().ToString("N"));
        await Assert.ThrowsAsync<HotlineException>(() => worker.StartChat(Guid.NewGuid(), Channel.Web, "astrology", "zh", "hi", PrivacyNotice.Version));
        await Assert.ThrowsAsync<HotlineException>(() => worker.StartChat(Guid.NewGuid(), Channel.Web, "emotional", "fr", "hi", PrivacyNotice.Version));
        await Assert.ThrowsAsync<HotlineException>(() => worker.StartChat(Guid.NewGuid(), Channel.Web, "emotional", "zh", new string('x', 4001), PrivacyNotice.Version));
        Assert.Null(await worker.GetCurrentConversation());
        Assert.Equal(0, await Queue().CountWaiting());
    }

    [Fact]
    public async Task Conversations_and_queue_survive_a_silo_restart()
    {
        var (active, counselorId) = await ActiveConversation();
        await Conversation(active).PostCounselorMessage(counselorId, "我在这里", ClientIds.New());
        var (waiting, _) = await StartChat("still waiting");

        await RestartSilo();

        var view = await View(active);
        Assert.Equal(ConversationStatus.Active, view.Status);
        Assert.Equal(["hello", "我在这里"], view.Messages.Select(m => m.Text));
        Assert.Equal(1, (await Queue().GetStatus(waiting))!.Position);
        Assert.Equal([active], (await Counselor(counselorId).GetStatus()).Conversations);
        Assert.Equal(Presence.Available, (await Counselor(counselorId).GetStatus()).Presence);
    }
}
