using System.Net.Http.Json;
using System.Xml.Linq;

namespace Hotline.IntegrationTests.Twilio;

/// <summary>Workers who call: held in the queue with TwiML, offered like any conversation, put through to the counsellor.</summary>
public sealed class VoiceTests(TwilioFixture hotline) : IClassFixture<TwilioFixture>
{
    [Fact]
    public async Task A_call_is_queued_offered_connected_and_closed_when_the_caller_hangs_up()
    {
        var callSid = TwilioFixture.NewSid("CA");
        await using var leaving = hotline.Leaving(calls: [(callSid, "+8613700000001")]);
        var (userName, password) = await hotline.Admin.CreateCounselor("王老师", phoneNumber: "+8613911112222");
        await using var counselor = await CounselorSession.Connect(hotline.Server, await hotline.Server.LoginAsync(userName, password));

        var answer = await hotline.Ring(TwilioFixture.Call(callSid, "+8613700000001"));
        var say = answer.Element("Say")!;
        Assert.Equal("zh-CN", say.Attribute("language")?.Value);
        Assert.Contains("职工心理热线", say.Value);
        var hold = TwilioFixture.PathOf(answer.Element("Redirect")!.Value);
        Assert.StartsWith("/api/twilio/voice/hold?conversationId=", hold);

        var holding = await hotline.PostTwiml(hold, TwilioFixture.Call(callSid, "+8613700000001"));
        Assert.Equal(["Say", "Pause", "Redirect"], holding.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(hold, TwilioFixture.PathOf(holding.Element("Redirect")!.Value));

        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Channel == "voice");
        await counselor.Accept(offer.OfferId);

        var update = await hotline.Twilio.WaitFor(r => r.Kind == "call" && r.Path.EndsWith($"/Calls/{callSid}.json"));
        Assert.Equal("POST", update.Form["Method"]);
        var connect = TwilioFixture.PathOf(update.Form["Url"]);
        Assert.Equal($"/api/twilio/voice/connect?conversationId={offer.ConversationId:N}", connect);
        var dial = (await hotline.PostTwiml(connect, TwilioFixture.Call(callSid, "+8613700000001"))).Element("Dial")!;
        Assert.Equal("+8613911112222", dial.Element("Number")!.Value);
        // The caller's own hold loop puts an answered call through too, should the redirect have failed.
        Assert.Equal("+8613911112222", (await hotline.PostTwiml(hold, TwilioFixture.Call(callSid, "+8613700000001"))).Element("Dial")!.Element("Number")!.Value);

        await hotline.HangUp(TwilioFixture.Call(callSid, "+8613700000001"));
        Assert.Equal("caller-hung-up", (await counselor.Events.WaitFor<ConversationEnded>("ConversationEnded", e => e.ConversationId == offer.ConversationId)).Reason);
        await counselor.Connection.InvokeAsync("SubmitWrapUp", offer.ConversationId.ToString(), new { topic = "work-career", riskLevel = "R1", action = "counselling" });
    }

    [Fact]
    public async Task A_caller_who_hangs_up_while_waiting_is_abandoned_and_a_counsellor_without_a_number_is_rung_in_the_browser()
    {
        var gone = TwilioFixture.NewSid("CA");
        var answer = await hotline.Ring(TwilioFixture.Call(gone, "+8613700000002"));
        var hold = TwilioFixture.PathOf(answer.Element("Redirect")!.Value);
        await hotline.HangUp(TwilioFixture.Call(gone, "+8613700000002"), "no-answer");
        var ended = await hotline.PostTwiml(hold, TwilioFixture.Call(gone, "+8613700000002"));
        Assert.Equal(["Say", "Hangup"], ended.Elements().Select(e => e.Name.LocalName));

        var (userName, password) = await hotline.Admin.CreateCounselor("李老师");
        await using var counselor = await CounselorSession.Connect(hotline.Server, await hotline.Server.LoginAsync(userName, password));
        var callSid = TwilioFixture.NewSid("CA");
        await using var leaving = hotline.Leaving(calls: [(callSid, "+8613700000003")]);
        await hotline.Ring(TwilioFixture.Call(callSid, "+8613700000003"));
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Channel == "voice");
        await counselor.Accept(offer.OfferId);
        var dial = (await hotline.PostTwiml($"/api/twilio/voice/connect?conversationId={offer.ConversationId:N}", TwilioFixture.Call(callSid, "+8613700000003"))).Element("Dial")!;
        Assert.Equal(userName, dial.Element("Client")!.Value);
        Assert.Null(dial.Element("Number"));
    }

    [Fact]
    public async Task Twilio_retrying_the_incoming_call_webhook_queues_the_call_once()
    {
        var callSid = TwilioFixture.NewSid("CA");
        await using var leaving = hotline.Leaving(calls: [(callSid, "+8613700000004")]);
        var first = await hotline.Ring(TwilioFixture.Call(callSid, "+8613700000004"));
        var again = await hotline.Ring(TwilioFixture.Call(callSid, "+8613700000004"));
        Assert.Equal(first.Element("Redirect")!.Value, again.Element("Redirect")!.Value);
        Assert.Equal(["Say", "Redirect"], again.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public async Task A_redirect_twilio_refuses_because_the_caller_just_hung_up_is_not_retried_and_the_call_still_ends()
    {
        var call = TwilioFixture.Call(TwilioFixture.NewSid("CA"), "+8613700000005");
        await using var leaving = hotline.Leaving(calls: [(call["CallSid"], call["From"])]);
        await using var counselor = await CounselorSession.NewCounselor(hotline.Server, hotline.Admin, "赵老师");
        await hotline.Ring(call);
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Channel == "voice");

        // The caller is gone for Twilio, and its status callback has not reached the hotline yet.
        hotline.Twilio.CallEnded(call["CallSid"]);
        await counselor.Accept(offer.OfferId);
        var refused = await hotline.Twilio.WaitFor(r => r.Kind == "call" && r.Path.EndsWith($"/Calls/{call["CallSid"]}.json"));
        Assert.Equal(400, refused.Status);

        await hotline.HangUp(call);
        Assert.Equal("caller-hung-up", (await counselor.Events.WaitFor<ConversationEnded>("ConversationEnded", e => e.ConversationId == offer.ConversationId)).Reason);
        // The relay logs once its attempt, retries included, is over: a 400 is final and was asked once.
        await hotline.Server.WaitForOutput(line => line.Contains($"Call of conversation {offer.ConversationId} could not be redirected"));
        Assert.Single(hotline.Twilio.Requests, r => r.Path.EndsWith($"/Calls/{call["CallSid"]}.json"));
    }

}

/// <summary>Past the overflow time a caller hears the other ways to get help and can leave a voicemail, which goes on the record.</summary>
public sealed class VoicemailTests(VoicemailTests.Fixture hotline) : IClassFixture<VoicemailTests.Fixture>
{
    public sealed class Fixture() : TwilioFixture(new Dictionary<string, string> { ["Hotline__Routing__OverflowSeconds"] = "1" });

    [Fact]
    public async Task A_caller_waiting_past_the_overflow_time_can_leave_a_voicemail_that_goes_on_the_record()
    {
        var callSid = TwilioFixture.NewSid("CA");
        var call = new Dictionary<string, string> { ["CallSid"] = callSid, ["From"] = "+8613700000009", ["To"] = TwilioFixture.HotlineNumber };
        var hold = TwilioFixture.PathOf((await hotline.Ring(call)).Element("Redirect")!.Value);

        // The hold loop is asked again until the wait is past the overflow time (a second here).
        XElement? gather;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((gather = (await hotline.PostTwiml(hold, call)).Element("Gather")) is null)
                await Task.Delay(200, deadline.Token);
        }
        Assert.Contains("12356", gather.Element("Say")!.Value);
        Assert.Equal("1", gather.Attribute("numDigits")!.Value);
        var voicemail = TwilioFixture.PathOf(gather.Attribute("action")!.Value);

        var record = (await hotline.PostTwiml(voicemail, new Dictionary<string, string>(call) { ["Digits"] = "1" })).Element("Record")!;
        Assert.Equal(voicemail, TwilioFixture.PathOf(record.Attribute("action")!.Value));
        const string recording = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE0123456789abcdef0123456789abcdef";
        var thanks = await hotline.PostTwiml(voicemail, new Dictionary<string, string>(call) { ["RecordingUrl"] = recording, ["RecordingDuration"] = "12" });
        Assert.Equal(["Say", "Hangup"], thanks.Elements().Select(e => e.Name.LocalName));

        var (supervisorName, supervisorPassword) = await hotline.Admin.CreateCounselor("督导", role: "supervisor");
        using var supervisor = hotline.Server.CreateClient();
        supervisor.DefaultRequestHeaders.Authorization = new("Bearer", await hotline.Server.LoginAsync(supervisorName, supervisorPassword));
        var conversationId = hold[(hold.IndexOf('=') + 1)..];
        System.Text.Json.JsonElement archived;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            HttpResponseMessage response;
            while (!(response = await supervisor.GetAsync($"/api/supervisor/archive/{conversationId}", deadline.Token)).IsSuccessStatusCode)
                await Task.Delay(200, deadline.Token);
            archived = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(deadline.Token);
        }
        Assert.Equal("voice", archived.GetProperty("channel").GetString());
        Assert.Contains(archived.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains(recording));
    }
}
