using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.IntegrationTests.Twilio;

/// <summary>Workers who text: the same queues and counsellors as web chat, through Twilio's webhook and REST API.</summary>
public sealed partial class SmsTests(TwilioFixture hotline) : IClassFixture<TwilioFixture>
{
    [Fact]
    public async Task An_sms_worker_and_a_web_worker_are_served_side_by_side_by_the_same_counsellor()
    {
        const string number = "+8613800138001";
        await using var leaving = hotline.Leaving([number]);
        await using var counselor = await CounselorSession.NewCounselor(hotline.Server, hotline.Admin, "陈老师", cap: 2);
        await counselor.SetPresence("Available");

        var entry = await hotline.Text(number, "我最近压力很大，睡不着");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview.Contains("睡不着"));
        Assert.Equal("sms", offer.Channel);
        Assert.Contains("排队第 1 位", entry.Element("Message")!.Value);
        Assert.Contains("12356", entry.Element("Message")!.Value);
        var textConversation = offer.ConversationId;
        await counselor.Accept(offer.OfferId);
        var joined = await hotline.Twilio.WaitFor(r => r.Kind == "message" && r.Form["To"] == number && r.Form["Body"].Contains("陈老师"));
        Assert.Equal(TwilioFixture.HotlineNumber, joined.Form["From"]);

        await using var webWorker = await WorkerSession.Connect(hotline.Server);
        var web = await webWorker.StartChat("I am on the web page", language: "en");
        await counselor.Accept((await counselor.NextOffer(web.ConversationId)).OfferId);

        await counselor.Send(textConversation, "我在听，能多说一点吗？");
        await counselor.Send(web.ConversationId, "I am here with you.");
        await hotline.Twilio.WaitFor(r => r.Kind == "message" && r.Form["To"] == number && r.Form["Body"] == "我在听，能多说一点吗？");
        await webWorker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "I am here with you.");
        Assert.DoesNotContain(hotline.Twilio.Messages, r => r.Form["Body"] == "I am here with you.");

        await hotline.Text(number, "工作太累了，老板总是加班");
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.ConversationId == textConversation && m.Text == "工作太累了，老板总是加班");
        await webWorker.Send("thank you");
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.ConversationId == web.ConversationId && m.Text == "thank you");
    }

    [Fact]
    public async Task Twilio_sending_the_same_message_twice_counts_once()
    {
        const string number = "+8613800138002";
        await using var leaving = hotline.Leaving([number]);
        var (counselor, offer) = await AnsweredText(number, "你好，有人在吗");
        await using var answering = counselor;

        var sid = TwilioFixture.NewSid("SM");
        await hotline.Text(number, "第二条消息", sid);
        var retried = await hotline.Text(number, "第二条消息", sid);
        await hotline.Text(number, "第三条消息");

        Assert.Empty(retried.Elements());
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "第三条消息");
        var conversation = (await counselor.Connection.InvokeAsync<List<AcceptResult>>("GetMyConversations")).Single(c => c.ConversationId == offer.ConversationId);
        Assert.Equal(["你好，有人在吗", "第二条消息", "第三条消息"], conversation.Messages.Where(m => m.Sender == "worker").Select(m => m.Text));
    }

    [Fact]
    public async Task A_failing_twilio_is_retried_and_a_text_twilio_refuses_is_shown_to_the_counsellor_and_skipped()
    {
        const string number = "+8613800138003";
        await using var leaving = hotline.Leaving([number]);
        var (counselor, offer) = await AnsweredText(number, "能帮帮我吗");
        await using var answering = counselor;
        await hotline.Twilio.WaitFor(r => r.Kind == "message" && r.Status < 300 && r.Form["To"] == number);

        hotline.Twilio.FailNext(2);
        await counselor.Send(offer.ConversationId, "别着急，慢慢说");
        await hotline.Twilio.WaitFor(r => r.Kind == "message" && r.Status < 300 && r.Form["Body"] == "别着急，慢慢说");
        Assert.Equal(2, hotline.Twilio.Requests.Count(r => r.Form.GetValueOrDefault("Body") == "别着急，慢慢说" && r.Status >= 500));

        // A 4xx is Twilio's answer about this text, not an outage: it is not tried again, and what follows goes.
        hotline.Twilio.FailNext(1, status: 400);
        var failed = await counselor.Send(offer.ConversationId, "这条发不出去");
        var notDelivered = await counselor.Events.WaitFor<MessageNotDelivered>("MessageNotDelivered", m => m.ConversationId == offer.ConversationId);
        Assert.Equal(failed.Seq, notDelivered.Seq);
        await counselor.Send(offer.ConversationId, "这条能发出去");
        await hotline.Twilio.WaitFor(r => r.Kind == "message" && r.Status < 300 && r.Form["Body"] == "这条能发出去");
        Assert.Single(hotline.Twilio.Requests, r => r.Form.GetValueOrDefault("Body") == "这条发不出去");
    }

    [Fact]
    public async Task A_twilio_that_holds_its_answer_delays_no_chat_message_and_the_texts_follow_in_order_once_it_answers()
    {
        const string number = "+8613800138011";
        await using var leaving = hotline.Leaving([number]);
        var (counselor, offer) = await AnsweredText(number, "我有点撑不住了");
        await using var answering = counselor;
        await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["To"] == number);

        var held = hotline.Twilio.Hold();
        await counselor.Send(offer.ConversationId, "我在，慢慢说。");
        Assert.Equal("我在，慢慢说。", (await held.WaitAsync(TimeSpan.FromSeconds(30)))["Body"]);
        // Twilio has not answered the first text: the next is acknowledged and shown, and the worker's reply comes through.
        var second = await counselor.Send(offer.ConversationId, "你现在在哪里？");
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == second.Seq);
        await hotline.Text(number, "在宿舍");
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.ConversationId == offer.ConversationId && m.Text == "在宿舍");

        hotline.Twilio.Release();
        await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == "你现在在哪里？");
        Assert.Equal(["我在，慢慢说。", "你现在在哪里？"], hotline.Twilio.Messages.Where(r => r.Form["To"] == number).Select(r => r.Form["Body"]).Skip(1));
    }

    [Theory]
    [InlineData("+8613800138004", 10)]
    // Over Twilio's 1,600 characters for one Body, which the fake refuses as Twilio does.
    [InlineData("+8613800138010", 110)]
    public async Task A_long_message_is_split_into_texts_that_each_fit_one_sms(string number, int sentences)
    {
        await using var leaving = hotline.Leaving([number]);
        var (counselor, offer) = await AnsweredText(number, "我想聊聊");
        await using var answering = counselor;

        var text = string.Concat(Enumerable.Repeat("你的感受很重要，我们一起想办法。", sentences));
        await counselor.Send(offer.ConversationId, text);

        // Parts go out one after another, so once the last has come all have.
        await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["To"] == number && LastPart().IsMatch(r.Form["Body"]));
        var parts = hotline.Twilio.Messages.Where(r => r.Form["To"] == number && r.Form["Body"].StartsWith('(')).Select(r => r.Form["Body"]).ToList();
        Assert.True(parts.Count >= 3, $"{parts.Count} parts");
        Assert.Equal(parts.Select((_, i) => $"({i + 1}/{parts.Count}) "), parts.Select(p => p[..(p.IndexOf(')') + 2)]));
        Assert.All(parts, p => Assert.True(p.Length <= 67, $"{p.Length} characters do not fit one segment of a Chinese text"));
        Assert.Equal(text, string.Concat(parts.Select(p => p[(p.IndexOf(')') + 2)..])));
        Assert.DoesNotContain(hotline.Twilio.Requests, r => r.Form.GetValueOrDefault("To") == number && r.Status != 201);
    }

    [Fact]
    public async Task Stop_ends_the_conversation_and_nothing_more_is_texted_to_that_number()
    {
        const string number = "+8613800138005";
        await using var leaving = hotline.Leaving([number]);
        var (counselor, offer) = await AnsweredText(number, "算了，我不想聊了");
        await using var answering = counselor;
        await hotline.Twilio.WaitFor(r => r.Kind == "message" && r.Form["To"] == number);

        var stop = await hotline.Text(number, "退订");

        Assert.Empty(stop.Elements());
        Assert.Equal("texts-stopped", (await counselor.Events.WaitFor<ConversationEnded>("ConversationEnded", e => e.ConversationId == offer.ConversationId)).Reason);
        var refused = await Assert.ThrowsAsync<HubException>(() => counselor.Send(offer.ConversationId, "还在吗？"));
        Assert.Contains("not active", refused.Message);
        Assert.DoesNotContain(hotline.Twilio.Requests, r => r.Form.GetValueOrDefault("To") == number && r.Form["Body"] != "咨询师陈老师已经接入，您可以直接回复这条短信。");
    }

    [Fact]
    public async Task Forged_altered_or_unreadable_webhooks_are_refused_and_start_nothing()
    {
        const string number = "+8613800138006";
        await using var leaving = hotline.Leaving([number]);
        await using var counselor = await CounselorSession.NewCounselor(hotline.Server, hotline.Admin);
        var form = new Dictionary<string, string> { ["MessageSid"] = TwilioFixture.NewSid("SM"), ["From"] = number, ["Body"] = "forged: 请回电" };

        var signed = await hotline.Sign("/api/twilio/sms", form);
        Assert.Equal(403, (int)(await hotline.Post("/api/twilio/sms", form, signature: "")).StatusCode);
        Assert.Equal(403, (int)(await hotline.Post("/api/twilio/sms", form, signature: await hotline.Sign("/api/twilio/sms", form, authToken: "not-the-token"))).StatusCode);
        Assert.Equal(403, (int)(await hotline.Post("/api/twilio/sms?x=1", form, signature: signed)).StatusCode);
        Assert.Equal(403, (int)(await hotline.Post("/api/twilio/sms", new Dictionary<string, string>(form) { ["Body"] = "forged: altered" }, signature: signed)).StatusCode);
        Assert.Equal(403, (int)(await hotline.Post("/api/twilio/voice", new Dictionary<string, string> { ["CallSid"] = "CA1", ["From"] = number }, signature: "bm90IGEgc2lnbmF0dXJl")).StatusCode);
        var huge = new Dictionary<string, string>(form) { ["Body"] = new string('x', 20_000) };
        Assert.Equal(413, (int)(await hotline.Post("/api/twilio/sms", huge)).StatusCode);

        // The same fields, rightly signed, in a body that is not a form: 415, whatever it holds.
        using var urlEncoded = new FormUrlEncodedContent(form);
        var encoded = await urlEncoded.ReadAsStringAsync();
        HttpContent[] notForms =
        [
            new StringContent(JsonSerializer.Serialize(form), Encoding.UTF8, "application/json"),
            new StringContent(encoded, Encoding.UTF8, "text/plain"),
            new ByteArrayContent(Encoding.UTF8.GetBytes(encoded)),
        ];
        foreach (var body in notForms)
        {
            using var refused = await hotline.Post("/api/twilio/sms", body, signed);
            Assert.True(refused.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{body.Headers.ContentType?.MediaType ?? "no content type"}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
        }

        await counselor.SetPresence("Available");
        await hotline.Text(number, "genuine: 你好");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived");
        Assert.Equal("genuine: 你好", offer.Preview);
    }

    /// <summary>A counsellor on duty, a first text from <paramref name="number"/>, and the counsellor accepting it.</summary>
    private async Task<(CounselorSession Counselor, OfferReceived Offer)> AnsweredText(string number, string firstText)
    {
        var counselor = await CounselorSession.NewCounselor(hotline.Server, hotline.Admin);
        await counselor.SetPresence("Available");
        await hotline.Text(number, firstText);
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == firstText);
        await counselor.Accept(offer.OfferId);
        return (counselor, offer);
    }

    [GeneratedRegex(@"^\((\d+)/\1\) ")]
    private static partial Regex LastPart();
}
