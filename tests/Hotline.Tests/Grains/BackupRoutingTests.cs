using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Lines;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;

namespace Hotline.Tests.Grains;

/// <summary>
/// Backup routing on the seeded network (national > henan > luoyang, national > shandong > qingdao): a conversation
/// its line cannot answer is offered to the line above too, then the one above that, and never down or sideways.
/// Luoyang's and henan's BackupAfterSeconds are the default 60 s.
/// </summary>
public sealed class BackupRoutingTests : HotlineTestCluster
{
    private const string LuoyangQueue = "luoyang/emotional.zh";

    private readonly CallFaults _faults = new();

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(_faults);

    [Fact]
    public async Task With_nobody_on_duty_in_the_city_a_chat_is_offered_to_the_province_at_once()
    {
        var henan = await OnDutyAt("henan");
        var chat = await StartAt("luoyang", "洛阳这边没人值班吗");

        var offer = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == chat);
        Assert.Equal(0, offer.WaitedSeconds);
        Assert.Equal(ConversationStatus.Offered, (await View(chat)).Status);
    }

    [Fact]
    public async Task With_the_city_busy_a_chat_goes_to_the_province_after_the_line_s_wait_and_to_the_national_line_after_another()
    {
        await BusyAt("luoyang");
        var henan = await OnDutyAt("henan");
        var national = await OnDutyAt("national");
        var chat = await StartAt("luoyang", "等了好久");

        await AdvanceAndAsk(TimeSpan.FromSeconds(59), () => Queue(LuoyangQueue).GetStatus(chat));
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(henan), e => e.Name == "OfferReceived");

        await Advance(TimeSpan.FromSeconds(2));
        var toProvince = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == chat);
        Assert.InRange(toProvince.WaitedSeconds, 60, 61);
        Assert.DoesNotContain(Events.ForCounselor(national), e => e.Name == "OfferReceived");

        // Henan's counsellor steps away: the offer comes back, and a minute after henan was asked, the national line is too.
        await Counselor(henan).SetPresence(Presence.Away);
        await AdvanceAndAsk(TimeSpan.FromSeconds(58), () => Queue(LuoyangQueue).GetStatus(chat));
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(national), e => e.Name == "OfferReceived");
        await Advance(TimeSpan.FromSeconds(2));
        var toNational = await Events.WaitForCounselor<OfferReceived>(national, "OfferReceived", o => o.ConversationId == chat);
        Assert.InRange(toNational.WaitedSeconds, 120, 121);
    }

    [Fact]
    public async Task A_chat_to_a_closed_line_goes_to_backup_at_once_though_its_counselor_is_on_duty()
    {
        // 15:00 UTC is 23:00 in Shanghai: Luoyang (08:00–22:00) is closed, Henan (06:00–24:00) open.
        await Advance(TimeSpan.FromHours(7));
        await BusyAt("luoyang");
        var henan = await OnDutyAt("henan");
        var chat = await StartAt("luoyang", "夜里睡不着");

        var offer = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == chat);
        Assert.Equal(0, offer.WaitedSeconds);
    }

    [Fact]
    public async Task An_R4_chat_goes_to_the_province_after_20_seconds_while_the_city_is_busy()
    {
        await BusyAt("luoyang");
        var henan = await OnDutyAt("henan");
        var chat = await StartAt("luoyang", "I have taken an overdose");
        Assert.Equal(RiskLevel.R4, (await View(chat)).RiskLevel);

        await AdvanceAndAsk(TimeSpan.FromSeconds(19), () => Queue(LuoyangQueue).GetStatus(chat));
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(henan), e => e.Name == "OfferReceived");

        await Advance(TimeSpan.FromSeconds(2));
        var offer = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == chat);
        Assert.InRange(offer.WaitedSeconds, 20, 21);
        Assert.Equal(RiskLevel.R4, offer.RiskLevel);
    }

    [Fact]
    public async Task A_chat_raised_to_R4_while_waiting_goes_to_the_province_20_seconds_after_the_raise()
    {
        await BusyAt("luoyang");
        var henan = await OnDutyAt("henan");
        var chat = await StartAt("luoyang", "hello");

        await AdvanceAndAsk(TimeSpan.FromSeconds(30), () => Queue(LuoyangQueue).GetStatus(chat));
        await Conversation(chat).PostWorkerMessage("I have taken an overdose", ClientIds.New());
        await AdvanceAndAsk(TimeSpan.FromSeconds(19), () => Queue(LuoyangQueue).GetStatus(chat));
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(henan), e => e.Name == "OfferReceived");

        await Advance(TimeSpan.FromSeconds(2));
        var offer = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == chat);
        Assert.InRange(offer.WaitedSeconds, 50, 51);
    }

    [Fact]
    public async Task Backup_goes_up_the_tree_never_down_or_sideways()
    {
        var qingdao = await OnDutyAt("qingdao");
        var shandong = await OnDutyAt("shandong");
        var luoyang = await OnDutyAt("luoyang");

        // Nobody at henan: its chat goes up to the national line, never down to luoyang's free counsellor.
        var provinceChat = await StartAt("henan", "河南省的职工");
        await Steps(TimeSpan.FromSeconds(10), 18);
        var cityChat = await StartAt("luoyang", "洛阳的职工");
        await AcceptNext(luoyang, cityChat);
        // Luoyang is busy now: its next chat climbs to henan and to the national line, never across to shandong's.
        var waitingCityChat = await StartAt("luoyang", "又一位洛阳的职工");
        await Steps(TimeSpan.FromSeconds(10), 18);
        await EventsDelivered();

        Assert.DoesNotContain(Events.ForCounselor(luoyang), e => e.Name == "OfferReceived" && ((OfferReceived)e.Payload).ConversationId != cityChat);
        Assert.DoesNotContain(Events.ForCounselor(qingdao), e => e.Name == "OfferReceived");
        Assert.DoesNotContain(Events.ForCounselor(shandong), e => e.Name == "OfferReceived");
        Assert.Equal(ConversationStatus.Queued, (await View(provinceChat)).Status);
        Assert.Equal(ConversationStatus.Queued, (await View(waitingCityChat)).Status);

        // Both wait at the top of the tree: the national line's counsellor is offered each.
        var national = await OnDutyAt("national", cap: 2);
        var answered = new[] { await AcceptAny(national), await AcceptAny(national) };
        Assert.Equal(new[] { provinceChat, waitingCityChat }.Order(), answered.Order());
    }

    [Fact]
    public async Task The_worker_is_told_which_line_answers_and_the_backup_counselor_reads_the_whole_conversation()
    {
        var henan = await OnDutyAt("henan");
        var chat = await StartAt("luoyang", "我在洛阳，加班太多了");

        var view = await AcceptNext(henan, chat);

        Assert.Equal(ConversationStatus.Active, view.Status);
        var messages = (await Conversation(chat).GetMessagesAfterFor(henan, 0)).Messages;
        Assert.Equal((Sender.Worker, "我在洛阳，加班太多了"), (messages[0].Sender, messages[0].Text));
        var told = Assert.Single(messages, m => m.Sender == Sender.System);
        Assert.Contains("河南省总工会职工心理援助热线", told.Text);
        await Events.WaitForWorker<ChatMessage>(chat, "MessageReceived", m => m.Sender == Sender.System && m.Text.Contains("河南省总工会职工心理援助热线"));
    }

    [Fact]
    public async Task An_English_speaking_worker_is_told_the_backup_line_s_name_in_English()
    {
        var henan = await OnDutyAt("henan", language: "en");
        var chat = await StartAt("luoyang", "I work in Luoyang", language: "en");

        await AcceptNext(henan, chat);

        var messages = (await Conversation(chat).GetMessagesAfterFor(henan, 0)).Messages;
        Assert.Contains(messages, m => m.Sender == Sender.System && m.Text.Contains("Henan Federation of Trade Unions support line"));
    }

    [Fact]
    public async Task A_city_counselor_answering_their_own_line_s_chat_brings_no_backup_notice()
    {
        var luoyang = await OnDutyAt("luoyang");
        var chat = await StartAt("luoyang", "你好");

        await AcceptNext(luoyang, chat);

        Assert.DoesNotContain((await Conversation(chat).GetMessagesAfterFor(luoyang, 0)).Messages, m => m.Sender == Sender.System);
    }

    [Fact]
    public async Task A_lost_push_of_the_province_s_seats_is_repaired_when_the_queue_watches_again_30_seconds_on()
    {
        var henan = await OnDutyAt("henan");
        _faults.DropOnce<IQueueGrain>(nameof(IQueueGrain.BackupSeats));
        var chat = await StartAt("luoyang", "有人吗");
        await Eventually.Shows(() => Task.FromResult(_faults.Dropped), dropped => dropped == 1, "the lost push");

        await AdvanceAndAsk(TimeSpan.FromSeconds(29), () => Queue(LuoyangQueue).GetStatus(chat));
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(henan), e => e.Name == "OfferReceived");
        Assert.Equal(ConversationStatus.Queued, (await View(chat)).Status);

        await Advance(TimeSpan.FromSeconds(2));
        var offer = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == chat);
        Assert.InRange(offer.WaitedSeconds, 30, 31);
    }

    [Fact]
    public async Task A_lost_watch_is_repaired_when_the_queue_watches_again_30_seconds_on()
    {
        var henan = await OnDutyAt("henan");
        _faults.DropOnce<ILineRosterGrain>(nameof(ILineRosterGrain.Watch));
        var chat = await StartAt("luoyang", "有人吗");
        await Eventually.Shows(() => Task.FromResult(_faults.Dropped), dropped => dropped == 1, "the lost watch");

        await Advance(TimeSpan.FromSeconds(31));
        var offer = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == chat);
        Assert.InRange(offer.WaitedSeconds, 30, 31);
    }

    [Fact]
    public async Task A_waiting_worker_offered_to_the_province_counts_its_busy_counselor_in_their_estimate_not_nobody_on_duty()
    {
        // Henan's only counsellor is busy with a chat of Henan's own; Luoyang has nobody on duty.
        var henan = await OnDutyAt("henan");
        await AcceptNext(henan, await StartAt("henan", "省里的职工"));
        var chat = await StartAt("luoyang", "洛阳这边没人值班吗");

        var status = await Events.WaitForWorker<QueueStatus>(chat, "QueueUpdated", q => q.CounselorsOnDuty == 1);
        Assert.Equal(1, status.Position);
        Assert.True(status.EstimatedWaitSeconds > 0);

        // Qingdao's chat is offered to Shandong, where nobody is on duty: Henan's counsellor is not counted for it.
        var qingdao = await StartAt("qingdao", "青岛有人吗");
        Assert.Equal(0, (await Queue("qingdao/emotional.zh").GetStatus(qingdao))!.CounselorsOnDuty);
    }

    private async Task Steps(TimeSpan step, int count)
    {
        for (var i = 0; i < count; i++)
            await Advance(step);
    }

    /// <summary>A counsellor of the line on duty, every seat taken by a chat of the line.</summary>
    private async Task BusyAt(string line)
    {
        var counselorId = await OnDutyAt(line);
        await AcceptNext(counselorId, await StartAt(line, "先来的职工"));
    }

    private async Task<ConversationView> AcceptNext(string counselorId, Guid conversationId)
    {
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == conversationId);
        return await Counselor(counselorId).AcceptOffer(offer.OfferId);
    }

    /// <summary>Accepts the counsellor's next offer, whichever it is, and says which conversation it was.</summary>
    private async Task<Guid> AcceptAny(string counselorId)
    {
        var status = await Eventually.Shows(() => Counselor(counselorId).GetStatus(), s => s.PendingOffer is not null, $"an offer to {counselorId}");
        await Counselor(counselorId).AcceptOffer(status.PendingOffer!.OfferId);
        return status.PendingOffer.Details.ConversationId;
    }
}
