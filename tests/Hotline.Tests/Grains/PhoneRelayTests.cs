using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Phone;
using Hotline.IntegrationTests;
using Hotline.Silo.Grains;
using Orleans.Reminders.Diagnostics;

namespace Hotline.Tests.Grains;

/// <summary>
/// SMS and voice go through <see cref="PhoneRelayGrain"/> (DESIGN.md, SMS and voice), against the fake Twilio on
/// loopback. The relay's back-off and its reminder keep hotline time, so the tests move the clock to make them ring.
/// </summary>
public sealed class PhoneRelayTests : HotlineTestCluster
{
    private const string Number = "+8613800138077";
    private FakeTwilioApi _twilio = null!;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Hotline:PublicBaseUrl"] = "https://hotline.example.org",
        ["Hotline:Twilio:AccountSid"] = _twilio.AccountSid,
        ["Hotline:Twilio:AuthToken"] = _twilio.AuthToken,
        ["Hotline:Twilio:ApiBaseUrl"] = _twilio.BaseAddress.ToString(),
        ["Hotline:Twilio:PhoneNumber"] = "+8610012356",
    };

    public override async Task InitializeAsync()
    {
        _twilio = await FakeTwilioApi.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _twilio.DisposeAsync();
    }

    [Fact]
    public async Task A_twilio_that_holds_its_answer_delays_no_chat_message_and_the_texts_follow_in_order()
    {
        var (conversationId, counselorId) = await AnsweredText("今晚很难熬");
        var held = _twilio.Hold();
        var first = await Conversation(conversationId).PostCounselorMessage(counselorId, "我在这里陪你。", ClientIds.New());
        Assert.Equal("我在这里陪你。", (await held.WaitAsync(Eventually.Deadline))["Body"]);

        // Twilio has the first text and has not answered: the conversation goes on as if there were no phone.
        var second = await Conversation(conversationId).PostCounselorMessage(counselorId, "想说什么都可以。", ClientIds.New());
        await Events.WaitForCounselor<ChatMessage>(counselorId, "MessageReceived", m => m.Seq == second.Seq);
        await Grains.GetGrain<IPhoneLineGrain>(0).ReceiveText(new InboundText("SM-held-1", Number, "谢谢你"));
        var worker = await Events.WaitForCounselor<ChatMessage>(counselorId, "MessageReceived", m => m.Text == "谢谢你");
        Assert.Equal(second.Seq + 1, worker.Seq);

        _twilio.Release();
        await _twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == second.Text);
        Assert.Equal([first.Text, second.Text], Texts()[1..]);
        Assert.Equal(second.Seq, (await Relay(conversationId).GetProgress()).TextedUpTo);
    }

    [Fact]
    public async Task A_part_twilio_took_is_not_sent_again_when_a_later_part_fails_and_texts_resume_in_order_once_it_is_back()
    {
        var (conversationId, counselorId) = await AnsweredText("我想找人聊聊");
        var joined = Assert.Single(Texts());
        var text = string.Concat(Enumerable.Repeat("你的感受很重要，我们一起想办法。", 10));
        _twilio.FailWhere(form => form["Body"].StartsWith("(2/"));
        var longMessage = await Conversation(conversationId).PostCounselorMessage(counselorId, text, ClientIds.New());
        var after = await Conversation(conversationId).PostCounselorMessage(counselorId, "慢慢来。", ClientIds.New());

        // TwilioApi tries 4 times; then the relay backs off, holding the cursor at the second part.
        await _twilio.WaitFor(_ => _twilio.Requests.Count(r => r.Status == 500) == 4);
        Assert.Equal(new TextingProgress(longMessage.Seq - 1, 1), await Relay(conversationId).GetProgress());
        Assert.Equal(joined, Assert.Single(Texts(), t => !t.StartsWith('(')));

        _twilio.Recover();
        await AdvanceUntil(async () => (await Relay(conversationId).GetProgress()).TextedUpTo == after.Seq, TimeSpan.FromMinutes(2), "texting after Twilio came back");

        var parts = Texts()[1..^1];
        Assert.True(parts.Count >= 3, $"{parts.Count} parts");
        Assert.Equal(parts.Select((_, i) => $"({i + 1}/{parts.Count}) "), parts.Select(p => p[..(p.IndexOf(')') + 2)]));
        Assert.Equal(text, string.Concat(parts.Select(p => p[(p.IndexOf(')') + 2)..])));
        Assert.Equal(after.Text, Texts()[^1]);
    }

    [Fact]
    public async Task After_a_silo_restart_texts_still_pending_are_sent_with_nobody_asking()
    {
        var (conversationId, counselorId) = await AnsweredText("我需要帮助");
        _twilio.FailNext(int.MaxValue);
        var pending = await Conversation(conversationId).PostCounselorMessage(counselorId, "你现在安全吗？", ClientIds.New());
        await _twilio.WaitFor(_ => _twilio.Requests.Count(r => r.Status == 500 && r.Form["Body"] == pending.Text) == 4);
        var relay = Relay(conversationId).GetGrainId();
        Assert.Contains(await StoredReminders(), r => r.GrainId == relay.ToString() && r.Name == PhoneRelayGrain.Reminder);

        // Timers die with the silo; only the stored reminder can wake the relay.
        await RestartSilo();
        _twilio.Recover();
        var silo = Cluster.Silos.Single().SiloAddress;
        await Reminders.WaitFor<ReminderEvents.LocalReminderTickWaitArmed>(relay, PhoneRelayGrain.Reminder, silo);
        await Advance(TimeSpan.FromMinutes(2));

        await _twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == pending.Text);
        Assert.Equal(pending.Seq, (await Relay(conversationId).GetProgress()).TextedUpTo);
        Assert.Single(Texts(), t => t == pending.Text);
    }

    [Fact]
    public async Task Repeated_signals_and_the_reminder_while_a_text_is_with_twilio_send_it_once()
    {
        var (conversationId, counselorId) = await AnsweredText("你好");
        var held = _twilio.Hold();
        var once = await Conversation(conversationId).PostCounselorMessage(counselorId, "这条只发一次。", ClientIds.New());
        await held.WaitAsync(Eventually.Deadline);

        // The same news again and again, and the minute's head check, all while Twilio holds the text.
        await Relay(conversationId).TextsWaiting(once.Seq);
        await Relay(conversationId).TextsWaiting(once.Seq);
        await Relay(conversationId).TextsWaiting(0);
        await Advance(TimeSpan.FromMinutes(1));
        _twilio.Release();

        var later = await Conversation(conversationId).PostCounselorMessage(counselorId, "下一条。", ClientIds.New());
        await _twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == later.Text);
        await Relay(conversationId).TextsWaiting(later.Seq);
        await AdvanceAndAsk(TimeSpan.FromMinutes(1), () => Relay(conversationId).GetProgress());
        Assert.Equal([once.Text, later.Text], Texts()[1..]);
    }

    [Fact]
    public async Task Stop_during_an_outage_stops_the_texts_and_the_reminder()
    {
        var (conversationId, counselorId) = await AnsweredText("我压力很大");
        _twilio.FailNext(int.MaxValue);
        var pending = await Conversation(conversationId).PostCounselorMessage(counselorId, "还在吗？", ClientIds.New());
        await _twilio.WaitFor(_ => _twilio.Requests.Count(r => r.Status == 500 && r.Form["Body"] == pending.Text) == 4);

        Assert.Equal(TextOutcome.Stopped, (await Grains.GetGrain<IPhoneLineGrain>(0).ReceiveText(new InboundText("SM-stop-1", Number, "退订"))).Outcome);
        _twilio.Recover();
        // Past the back-off: the relay's pass reads the STOP before the part goes.
        await AdvanceAndAsk(TimeSpan.FromSeconds(5), () => Relay(conversationId).GetProgress());

        Assert.DoesNotContain(_twilio.Requests, r => r.Status == 201 && r.Form["Body"] == pending.Text);
        Assert.DoesNotContain(await StoredReminders(), r => r.GrainId == Relay(conversationId).GetGrainId().ToString());
    }

    [Fact]
    public async Task A_text_twilio_cannot_take_for_ten_minutes_is_given_up_and_its_counsellor_told()
    {
        var (conversationId, counselorId) = await AnsweredText("有人吗");
        _twilio.FailNext(int.MaxValue);
        var lost = await Conversation(conversationId).PostCounselorMessage(counselorId, "我一直在。", ClientIds.New());
        await _twilio.WaitFor(_ => _twilio.Requests.Count(r => r.Status == 500 && r.Form["Body"] == lost.Text) == 4);
        await Relay(conversationId).GetProgress();
        Assert.DoesNotContain(Events.ForCounselor(counselorId), e => e.Name == "MessageNotDelivered");

        // Asking the relay waits out an attempt in progress, so the clock moves only between attempts.
        await AdvanceUntil(async () =>
        {
            await Relay(conversationId).GetProgress();
            return Events.ForCounselor(counselorId).Any(e => e.Name == "MessageNotDelivered");
        }, PhoneRelayGrain.GiveUpAfter + TimeSpan.FromMinutes(2), "giving up");
        var notice = (MessageNotDelivered)Events.ForCounselor(counselorId).Single(e => e.Name == "MessageNotDelivered").Payload;
        Assert.Equal(lost.Seq, notice.Seq);

        _twilio.Recover();
        var next = await Conversation(conversationId).PostCounselorMessage(counselorId, "你看到了吗？", ClientIds.New());
        await _twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == next.Text);
        Assert.DoesNotContain(_twilio.Requests, r => r.Status == 201 && r.Form["Body"] == lost.Text);
    }

    [Fact]
    public async Task A_call_redirect_twilio_holds_delays_neither_the_answer_nor_the_hang_up()
    {
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        var call = await Grains.GetGrain<IPhoneLineGrain>(0).ReceiveCall(new InboundCall(callSid, "+8613700000077"));
        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == call.ConversationId);
        _twilio.CallInProgress(callSid);
        var held = _twilio.Hold();

        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        Assert.Equal($"https://hotline.example.org/api/twilio/voice/connect?conversationId={call.ConversationId:N}", (await held.WaitAsync(Eventually.Deadline))["Url"]);
        await Conversation(call.ConversationId).CallEnded();
        Assert.Equal(ConversationStatus.WrapUp, (await View(call.ConversationId)).Status);

        _twilio.Release();
        await _twilio.WaitFor(r => r is { Kind: "call", Status: 200 });
    }

    /// <summary>A first text from <see cref="Number"/>, a counsellor who accepted it, and "a counsellor is with you" texted.</summary>
    private async Task<(Guid ConversationId, string CounselorId)> AnsweredText(string firstText)
    {
        var counselorId = await CounselorOnDuty();
        var receipt = await Grains.GetGrain<IPhoneLineGrain>(0).ReceiveText(new InboundText("SM" + Guid.NewGuid().ToString("N"), Number, firstText));
        Assert.Equal(TextOutcome.Started, receipt.Outcome);
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.Preview == firstText);
        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        await _twilio.WaitFor(r => r is { Kind: "message", Status: 201 });
        return (offer.ConversationId, counselorId);
    }

    private IPhoneRelayGrain Relay(Guid conversationId) => Grains.GetGrain<IPhoneRelayGrain>(conversationId);

    /// <summary>What Twilio took for the worker, in order.</summary>
    private List<string> Texts() => _twilio.Messages.Where(r => r.Form["To"] == Number).Select(r => r.Form["Body"]).ToList();
}
