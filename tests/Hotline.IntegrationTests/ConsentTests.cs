using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.IntegrationTests.Twilio;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>A web chat starts only with the current privacy notice agreed to, and the conversation records it.</summary>
public sealed class ConsentTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task StartChat_without_consent_or_with_an_older_notice_is_refused_and_nothing_is_queued()
    {
        // Available before the refused starts: any conversation they had queued would be offered to this counsellor first.
        await using var counselor = await CounselorSession.NewCounselor(fixture.Server, fixture.Admin, "许老师");
        await counselor.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(fixture.Server);

        var missing = await HubRefusal.Coded("a start without consent", () => worker.StartChat("没有同意", consentVersion: null));
        Assert.Equal(RefusalCodes.ChatConsentMissing, missing.Code);
        Assert.Contains("I agree", missing.Sentence);
        var stale = await HubRefusal.Coded("a start with an older notice", () => worker.StartChat("旧的告知", consentVersion: "2000-01-01"));
        Assert.Equal(RefusalCodes.ChatConsentStale, stale.Code);
        Assert.Contains("Reload the page", stale.Sentence);
        // The window holds no conversation.
        var none = await HubRefusal.Coded("reading a conversation never started", () => worker.MessagesAfter(0));
        Assert.Equal(RefusalCodes.ChatNotStarted, none.Code);

        // The barrier: the same window, agreeing, starts the one conversation the counsellor is offered.
        var started = await worker.StartChat("我同意了", language: "zh");
        Assert.Equal(1, started.Position);
        var offer = await counselor.NextOffer(started.ConversationId);
        Assert.All(counselor.Events.All<OfferReceived>("OfferReceived"), o => Assert.Equal(started.ConversationId, o.ConversationId));

        await using var supervisor = await SupervisorSession.NewSupervisor(fixture.Server, fixture.Admin);
        var view = await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", started.ConversationId.ToString());
        Assert.Equal(PrivacyNotice.Version, view.Consent?.NoticeVersion);
        Assert.Equal("web", view.Consent!.Channel);
        Assert.NotNull(view.Consent.AgreedAt);
        Assert.Equal(view.Consent.NoticeGivenAt, view.Consent.AgreedAt);
        await counselor.Accept(offer.OfferId);
    }
}

/// <summary>By text and by phone the short notice is in the first reply and the greeting; going on is the agreement, recorded on the conversation.</summary>
public sealed class PhoneConsentTests(TwilioFixture hotline) : IClassFixture<TwilioFixture>
{
    [Fact]
    public async Task The_first_sms_reply_carries_the_notice_and_the_next_text_is_the_agreement()
    {
        const string number = "+8613800138077";
        const string englishNumber = "+8613800138078";
        await using var leaving = hotline.Leaving([number, englishNumber]);
        await using var counselor = await CounselorSession.NewCounselor(hotline.Server, hotline.Admin, "周老师");
        await counselor.SetPresence("Available");

        var reply = (await hotline.Text(number, "我想找人聊聊")).Element("Message")!.Value;
        Assert.Contains("隐私：对话保存 3 年，咨询师和督导可查看，并自动做风险筛查", reply);
        Assert.Contains("继续回复即表示同意", reply);
        var english = (await hotline.Text(englishNumber, "I need to talk to someone")).Element("Message")!.Value;
        Assert.Contains("Privacy: the chat is kept 3 years, read by counsellors and supervisors, and screened for risk", english);
        Assert.Contains("Replying means you agree", english);

        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview.Contains("找人聊聊"));
        await using var supervisor = await SupervisorSession.NewSupervisor(hotline.Server, hotline.Admin);
        var given = (await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", offer.ConversationId.ToString())).Consent;
        Assert.Equal(PrivacyNotice.Version, given?.NoticeVersion);
        Assert.Equal("sms", given!.Channel);
        Assert.Null(given.AgreedAt);

        await hotline.Text(number, "好的，我继续说");
        var agreed = (await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", offer.ConversationId.ToString())).Consent;
        Assert.NotNull(agreed?.AgreedAt);
        Assert.Equal(given.NoticeGivenAt, agreed!.NoticeGivenAt);
    }

    [Fact]
    public async Task The_call_greeting_carries_the_notice_and_a_caller_still_on_the_line_when_answered_has_agreed()
    {
        var callSid = TwilioFixture.NewSid("CA");
        const string from = "+8613700000077";
        await using var leaving = hotline.Leaving(calls: [(callSid, from)]);
        var answer = await hotline.Ring(TwilioFixture.Call(callSid, from));
        var greeting = answer.Element("Say")!.Value;
        Assert.Contains("隐私提示：咨询师会记下通话要点，保存 3 年，咨询师和督导可以查看", greeting);
        Assert.Contains("如有生命危险，我们会设法联系紧急救助", greeting);
        Assert.Contains("继续通话即表示您同意", greeting);

        var conversationId = Guid.Parse(TwilioFixture.PathOf(answer.Element("Redirect")!.Value).Split("conversationId=")[1]);
        await using var supervisor = await SupervisorSession.NewSupervisor(hotline.Server, hotline.Admin);
        var given = (await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", conversationId.ToString())).Consent;
        Assert.Equal("voice", given?.Channel);
        Assert.Null(given!.AgreedAt);

        var (userName, password) = await hotline.Admin.CreateCounselor("吴老师", phoneNumber: "+8613911117777");
        await using var counselor = await CounselorSession.Connect(hotline.Server, await hotline.Server.LoginAsync(userName, password));
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(conversationId)).OfferId);
        var agreed = (await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", conversationId.ToString())).Consent;
        Assert.Equal(PrivacyNotice.Version, agreed?.NoticeVersion);
        Assert.NotNull(agreed!.AgreedAt);
    }
}
