using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;

namespace Hotline.Tests.Grains;

/// <summary>The routing rules, each on a real test cluster with a fake clock.</summary>
public sealed class RoutingTests : HotlineTestCluster
{
    protected override Dictionary<string, string?> Settings { get; } = new()
    {
        ["Hotline:Routing:MaxWaiting"] = "3",
    };

    [Fact]
    public async Task A_re_announced_seat_whose_capacity_changed_moves_the_waiting_estimates()
    {
        // Re-announcements of an unchanged seat skip re-estimating; a changed one must still reach the waiting workers.
        var (waiting, _) = await StartChat("is anyone there");
        CounselorSeat Seat(int capacity) => new("counselor-busy", FreeSeats: 0, capacity, Held: 2, Clock.GetUtcNow(), ["emotional"], ["zh"]);

        await Queue().CounselorOnDuty(Seat(capacity: 2));
        await Queue().CounselorOnDuty(Seat(capacity: 2));
        var busy = await Events.WaitForWorker<QueueStatus>(waiting, "QueueUpdated", q => q.EstimatedWaitSeconds > 0);

        // Two more seats, free to count in the estimate: nobody is ahead any more.
        await Queue().CounselorOnDuty(Seat(capacity: 4));
        await Events.WaitForWorker<QueueStatus>(waiting, "QueueUpdated", q => q.EstimatedWaitSeconds == 0);
        Assert.Equal(1, busy.Position);
    }

    [Fact]
    public async Task A_conversation_joins_the_queue_of_its_topic_group_and_language()
    {
        var (work, _) = await StartChat("overtime again", topic: "gig-work", language: "en");
        var (general, _) = await StartChat("just need to talk", topic: null);
        Assert.Equal("work.en", (await View(work)).QueueName);
        Assert.Equal(1, (await Queue("work.en").GetStatus(work))!.Position);
        Assert.Equal("general", (await View(general)).QueueName);
    }

    [Fact]
    public async Task The_skilled_counselor_speaking_the_language_is_offered_before_one_idle_longer()
    {
        var unskilled = await CounselorOnDuty(topics: ["family"]);
        var otherLanguage = await CounselorOnDuty(topics: ["work-career"], languages: ["en"]);
        var skilled = await CounselorOnDuty(topics: ["work-career"]);

        var (conversationId, _) = await StartChat("my boss shouts at me", topic: "work-career");

        var offer = await Events.WaitForCounselor<OfferReceived>(skilled, "OfferReceived");
        Assert.Equal(conversationId, offer.ConversationId);
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(unskilled), e => e.Name == "OfferReceived");
        Assert.DoesNotContain(Events.ForCounselor(otherLanguage), e => e.Name == "OfferReceived");
    }

    [Fact]
    public async Task Higher_risk_and_returning_conversations_wait_ahead_in_the_queue()
    {
        var queue = Queue("work.zh");
        var early = Guid.NewGuid();
        var urgent = Guid.NewGuid();
        var returning = Guid.NewGuid();
        var at = Clock.GetUtcNow();
        await queue.Enqueue(new WaitingConversation(early, "work-career", "zh", RiskLevel.Unassessed, at, Returning: false));
        await queue.Enqueue(new WaitingConversation(returning, "work-career", "zh", RiskLevel.Unassessed, at.AddSeconds(5), Returning: true));
        await queue.Enqueue(new WaitingConversation(urgent, "work-career", "zh", RiskLevel.R3, at.AddSeconds(10), Returning: false));

        Assert.Equal(1, (await queue.GetStatus(urgent))!.Position);
        Assert.Equal(2, (await queue.GetStatus(returning))!.Position);
        Assert.Equal(3, (await queue.GetStatus(early))!.Position);
    }

    [Fact]
    public async Task Expired_offers_pass_along_and_two_missed_in_a_row_set_the_counselor_away()
    {
        var dozing = await CounselorOnDuty();
        var (first, _) = await StartChat("first");
        var firstOffer = await Events.WaitForCounselor<OfferReceived>(dozing, "OfferReceived", o => o.ConversationId == first);

        await Advance(TimeSpan.FromSeconds(31));
        await Events.WaitForCounselor<OfferWithdrawn>(dozing, "OfferWithdrawn", w => w.OfferId == firstOffer.OfferId);
        Assert.Equal(Presence.Available, (await Counselor(dozing).GetStatus()).Presence);

        // Nobody else is on duty, so the same conversation comes back to them; they miss it again.
        var again = await Events.WaitForCounselor<OfferReceived>(dozing, "OfferReceived", o => o.OfferId != firstOffer.OfferId);
        await Advance(TimeSpan.FromSeconds(31));
        await Events.WaitForCounselor<OfferWithdrawn>(dozing, "OfferWithdrawn", w => w.OfferId == again.OfferId);

        var away = await Events.WaitForCounselor<PresenceChanged>(dozing, "PresenceChanged");
        Assert.Equal((Presence.Away, EndReasons.MissedOffers), (away.Presence, away.Reason));
        Assert.Equal(Presence.Away, (await Counselor(dozing).GetStatus()).Presence);
        Assert.Equal(ConversationStatus.Queued, (await View(first)).Status);

        var awake = await CounselorOnDuty();
        var taken = await Events.WaitForCounselor<OfferReceived>(awake, "OfferReceived", o => o.ConversationId == first);
        Assert.Equal(ConversationStatus.Active, (await Counselor(awake).AcceptOffer(taken.OfferId)).Status);
    }

    [Fact]
    public async Task After_the_overflow_time_the_worker_hears_the_alternatives_and_any_counselor_is_asked()
    {
        var familyOnly = await CounselorOnDuty(topics: ["family"]);
        var (conversationId, _) = await StartChat("I can't sleep since the layoffs", topic: "work-career");
        Assert.Equal(ConversationStatus.Queued, (await View(conversationId)).Status);

        await Advance(TimeSpan.FromSeconds(121));

        var offer = await Events.WaitForCounselor<OfferReceived>(familyOnly, "OfferReceived", o => o.ConversationId == conversationId);
        var system = (await View(conversationId)).Messages.Single(m => m.Sender == Sender.System);
        Assert.Contains("12356", system.Text);
        Assert.Contains("心灵驿站", system.Text);
        await Events.WaitForWorker<ChatMessage>(conversationId, "MessageReceived", m => m.Seq == system.Seq);
        Assert.Equal(ConversationStatus.Active, (await Counselor(familyOnly).AcceptOffer(offer.OfferId)).Status);
    }

    [Fact]
    public async Task A_counselor_who_reconnects_within_the_grace_time_keeps_everything()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Counselor(counselorId).Connected("page-1");
        await Counselor(counselorId).Disconnected("page-1");
        await Advance(TimeSpan.FromSeconds(5));
        await Counselor(counselorId).Connected("page-2");
        await Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(Presence.Available, (await Counselor(counselorId).GetStatus()).Presence);
        Assert.Equal(ConversationStatus.Active, (await View(conversationId)).Status);
    }

    [Fact]
    public async Task A_counselor_gone_past_the_grace_time_is_offline_and_their_conversation_goes_to_the_front_intact()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        var (waiting, _) = await StartChat("I waited longer than the returning one");
        await Conversation(conversationId).PostCounselorMessage(counselorId, "我在听", ClientIds.New());
        await Counselor(counselorId).Connected("page-1");
        await Counselor(counselorId).Disconnected("page-1");

        await Advance(TimeSpan.FromSeconds(11));

        await Events.WaitForWorker<ChatMessage>(conversationId, "MessageReceived", m => m.Sender == Sender.System);
        var view = await View(conversationId);
        Assert.Equal(ConversationStatus.Queued, view.Status);
        Assert.Equal(["hello", "我在听"], view.Messages.Where(m => m.Sender != Sender.System).Select(m => m.Text));
        Assert.Contains("连接中断", view.Messages[^1].Text);
        Assert.Equal(Presence.Offline, (await Counselor(counselorId).GetStatus()).Presence);
        Assert.Empty((await Counselor(counselorId).GetStatus()).Conversations);
        Assert.Equal(1, (await Queue().GetStatus(conversationId))!.Position);
        Assert.Equal(2, (await Queue().GetStatus(waiting))!.Position);

        var next = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(next, "OfferReceived");
        Assert.Equal(conversationId, offer.ConversationId);
        var accepted = await Counselor(next).AcceptOffer(offer.OfferId);
        Assert.Equal(3, accepted.Messages.Count);
    }

    [Fact]
    public async Task A_waiting_worker_gone_past_the_grace_time_is_abandoned_and_the_offer_withdrawn()
    {
        var (conversationId, _) = await StartChat("hello");
        await Conversation(conversationId).WorkerConnected("tab-1");
        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived");

        await Conversation(conversationId).WorkerDisconnected("tab-1");
        await Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(ConversationStatus.Offered, (await View(conversationId)).Status);
        await Advance(TimeSpan.FromSeconds(6));

        await Events.WaitForCounselor<OfferWithdrawn>(counselorId, "OfferWithdrawn", w => w.OfferId == offer.OfferId);
        Assert.Equal(ConversationStatus.Abandoned, (await View(conversationId)).Status);
        Assert.Null(await Queue().GetStatus(conversationId));
    }

    [Fact]
    public async Task A_conversation_back_in_the_queue_whose_worker_had_closed_the_tab_is_abandoned_after_a_lease_and_the_grace()
    {
        var (conversationId, counselorId) = await ActiveConversation("我想聊聊");
        await Conversation(conversationId).WorkerConnected("tab-1");
        // Closed while the chat was active: that alone ends nothing.
        await Conversation(conversationId).WorkerDisconnected("tab-1");
        await Conversation(conversationId).TransferTo(counselorId, "family.zh", "no family counsellor is on duty");
        Assert.Equal(ConversationStatus.Queued, (await View(conversationId)).Status);

        // A lease with no renewal starts the grace; the grace then ends it.
        Assert.Equal(ConversationStatus.Queued, (await AdvanceAndAsk(TimeSpan.FromMinutes(2), () => View(conversationId))).Status);
        await Advance(TimeSpan.FromMinutes(2));

        await Events.WaitForWorker<ChatEnded>(conversationId, "ChatEnded", e => e.Reason == EndReasons.WorkerDisconnected);
        Assert.Equal(ConversationStatus.Abandoned, (await View(conversationId)).Status);
        Assert.Null(await Queue("family.zh").GetStatus(conversationId));
    }

    [Fact]
    public async Task A_worker_who_comes_back_within_the_grace_time_keeps_their_place()
    {
        var (conversationId, _) = await StartChat("hello");
        await Conversation(conversationId).WorkerConnected("tab-1");
        await Conversation(conversationId).WorkerDisconnected("tab-1");
        await Advance(TimeSpan.FromSeconds(5));
        await Conversation(conversationId).WorkerConnected("tab-2");
        await Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(ConversationStatus.Queued, (await View(conversationId)).Status);
        Assert.Equal(1, (await Queue().GetStatus(conversationId))!.Position);
    }

    [Fact]
    public async Task A_transfer_to_a_queue_carries_the_history_and_the_note_with_one_line_to_the_worker()
    {
        var (conversationId, first) = await ActiveConversation("我和家人吵架了");
        await Conversation(conversationId).PostCounselorMessage(first, "能多说一点吗？", ClientIds.New());
        var familyCounselor = await CounselorOnDuty(topics: ["family"]);

        await Conversation(conversationId).TransferTo(first, "family.zh", "Family conflict; calm now, no risk disclosed.");

        Assert.Equal(EndReasons.Transferred, (await Events.WaitForCounselor<ConversationEnded>(first, "ConversationEnded")).Reason);
        Assert.Empty((await Counselor(first).GetConversations()));
        var offer = await Events.WaitForCounselor<OfferReceived>(familyCounselor, "OfferReceived");
        Assert.Equal(("Family conflict; calm now, no risk disclosed.", conversationId), (offer.Note, offer.ConversationId));
        var accepted = await Counselor(familyCounselor).AcceptOffer(offer.OfferId);
        Assert.Equal(["我和家人吵架了", "能多说一点吗？"], accepted.Messages.Where(m => m.Sender != Sender.System).Select(m => m.Text));
        Assert.Equal("Family conflict; calm now, no risk disclosed.", accepted.TransferNote);

        await EventsDelivered();
        var toWorker = Events.ForWorker(conversationId);
        Assert.Single(toWorker, e => e.Name == "MessageReceived" && ((ChatMessage)e.Payload).Sender == Sender.System);
        Assert.Single(toWorker, e => e.Name == "CounselorJoined");
    }

    [Fact]
    public async Task A_transfer_to_a_free_colleague_hands_it_over_and_to_a_busy_one_is_refused()
    {
        var (conversationId, first) = await ActiveConversation();
        var away = await CounselorOnDuty(name: "Counsellor Away");
        await Counselor(away).SetPresence(Presence.Away);
        var refused = await Assert.ThrowsAsync<HotlineException>(() => Counselor(away).TakeTransfer(conversationId, first, null));
        Assert.Contains("not free", refused.Message);
        // Code and params cross from the silo to the caller beside the sentence, so a page can word it.
        Assert.Equal(RefusalCodes.TransferNotAvailable, refused.Code);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "Counsellor Away", ["presence"] = "Away" }, refused.Parameters);
        Assert.Equal(first, (await View(conversationId)).CounselorId);
        await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).TransferTo(first, "astrology.zh", null));
        await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).TransferTo("not-the-holder", "family.zh", null));
        var colleague = await CounselorOnDuty(name: "Counsellor Wang");
        // The colleague reserves the seat before the conversation refuses: the seat must be given back.
        await Assert.ThrowsAsync<HotlineException>(() => Counselor(colleague).TakeTransfer(conversationId, "not-the-holder", null));
        Assert.Empty((await Counselor(colleague).GetStatus()).Conversations);
        var unchanged = await View(conversationId);
        Assert.Equal((first, ConversationStatus.Active), (unchanged.CounselorId, unchanged.Status));

        await Counselor(colleague).TakeTransfer(conversationId, first, "over to you");

        var assigned = await Events.WaitForCounselor<ConversationAssigned>(colleague, "ConversationAssigned");
        Assert.Equal(("over to you", conversationId), (assigned.Note, assigned.ConversationId));
        var view = await View(conversationId);
        Assert.Equal((colleague, "Counsellor Wang", ConversationStatus.Active), (view.CounselorId, view.CounselorName, view.Status));
        Assert.Equal([conversationId], (await Counselor(colleague).GetStatus()).Conversations);
        await Eventually.Shows(async () => (await Counselor(first).GetStatus()).Conversations, held => held.Count == 0, "the first counsellor's seat freed");
        await Conversation(conversationId).PostCounselorMessage(colleague, "你好，我接着陪你聊", ClientIds.New());
        await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).PostCounselorMessage(first, "still me?", ClientIds.New()));
    }

    [Fact]
    public async Task A_full_queue_refuses_politely_with_the_alternatives_and_starts_nothing()
    {
        for (var i = 0; i < 3; i++)
            await StartChat($"worker {i}");
        var worker = Grains.GetGrain<IWorkerGrain>(Guid.NewGuid().ToString("N"));

        var refused = await Assert.ThrowsAsync<HotlineException>(() => worker.StartChat(Guid.NewGuid(), Channel.Web, "emotional", "zh", "hello", PrivacyNotice.Version));

        Assert.Contains("12356", refused.Message);
        Assert.DoesNotContain("Exception", refused.Message);
        Assert.Null(await worker.GetCurrentConversation());
        Assert.Equal(3, await Queue().CountWaiting());
    }

    [Fact]
    public async Task The_wait_estimate_follows_free_seats_and_measured_handle_times()
    {
        var counselorId = await CounselorOnDuty(cap: 1);
        var (first, _) = await StartChat("one");
        await Counselor(counselorId).AcceptOffer((await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == first)).OfferId);
        var (waitingBeforeMeasure, _) = await StartChat("measured nothing yet");
        Assert.Equal(900, (await Queue().GetStatus(waitingBeforeMeasure))!.EstimatedWaitSeconds);
        await Conversation(waitingBeforeMeasure).EndByWorker();

        await Advance(TimeSpan.FromSeconds(600));
        await Conversation(first).EndByCounselor(counselorId);
        var (second, _) = await StartChat("two");
        await Counselor(counselorId).AcceptOffer((await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == second)).OfferId);

        // One seat, busy; handle time measured at 600 s: the first in line waits 600 s, the next 1200 s.
        var (third, _) = await StartChat("three");
        var (fourth, _) = await StartChat("four");
        Assert.Equal(600, (await Queue().GetStatus(third))!.EstimatedWaitSeconds);
        Assert.Equal(1200, (await Queue().GetStatus(fourth))!.EstimatedWaitSeconds);

        // The seat frees after 0 s this time (mean 300 s): the third is offered now, the fourth is told its new estimate.
        await Conversation(second).EndByCounselor(counselorId);
        var update = await Events.WaitForWorker<QueueStatus>(fourth, "QueueUpdated", q => q.EstimatedWaitSeconds == 300);
        Assert.Equal(2, update.Position);
        Assert.Equal(0, (await Queue().GetStatus(third))!.EstimatedWaitSeconds);
    }
}
