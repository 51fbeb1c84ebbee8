using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

public sealed class CannedReplyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    private sealed record CannedReply(string Id, string TitleZh, string TitleEn, string TextZh, string TextEn);

    [Fact]
    public async Task A_supervisor_edits_the_replies_and_a_counselor_reads_them_but_cannot_change_them()
    {
        using var supervisor = await SignedIn("supervisor");
        using var counselor = await SignedIn("counselor");

        var seeded = await counselor.GetFromJsonAsync<List<CannedReply>>("/api/canned-replies");
        Assert.Contains(seeded!, r => r.Id == "ask-safety" && r.TextZh.Contains("伤害自己"));

        var saved = await supervisor.PutAsJsonAsync("/api/canned-replies/night-shift",
            new { titleZh = "夜班", titleEn = "Night shift", textZh = "夜班很辛苦，您睡得怎么样？", textEn = "Night shifts are hard. How are you sleeping?" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync("/api/canned-replies/still-there")).StatusCode);

        var read = await counselor.GetFromJsonAsync<List<CannedReply>>("/api/canned-replies");
        Assert.Contains(new CannedReply("night-shift", "夜班", "Night shift", "夜班很辛苦，您睡得怎么样？", "Night shifts are hard. How are you sleeping?"), read!);
        Assert.DoesNotContain(read!, r => r.Id == "still-there");

        var edit = await counselor.PutAsJsonAsync("/api/canned-replies/greeting", new { titleZh = "x", titleEn = "x", textZh = "x", textEn = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counselor.DeleteAsync("/api/canned-replies/greeting")).StatusCode);
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/canned-replies")).StatusCode);

        var audit = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervisor/audit");
        var subjects = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry"))
            .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("subject").GetString())).ToList();
        Assert.Contains(("edit-canned-reply", "night-shift"), subjects);
        Assert.Contains(("delete-canned-reply", "still-there"), subjects);
    }

    [Theory]
    [InlineData("Bad_Id", "问候", "Greeting", "您好", "Hello", "id")]
    [InlineData("greeting", "", "Greeting", "您好", "Hello", "titleZh is required")]
    [InlineData("greeting", "问候", "Greeting", "您好", null, "textEn is required")]
    [InlineData("greeting", "这是一个远远超过四十个字符限制的快捷回复标题，这是一个远远超过四十个字符限制的快捷回复标题", "Greeting", "您好", "Hello", "limit is 40")]
    public async Task Bad_edits_are_refused_with_400_and_a_clear_reason(string id, string titleZh, string titleEn, string textZh, string? textEn, string reason)
    {
        using var supervisor = await SignedIn("supervisor");

        var response = await supervisor.PutAsJsonAsync($"/api/canned-replies/{id}", new { titleZh, titleEn, textZh, textEn });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await ProblemRefusal.Read(response)).Detail);
    }

    [Fact]
    public async Task Over_long_text_no_body_and_unknown_replies_are_refused()
    {
        using var supervisor = await SignedIn("supervisor");

        var tooLong = await supervisor.PutAsJsonAsync("/api/canned-replies/greeting", new { titleZh = "问候", titleEn = "Greeting", textZh = new string('长', 1001), textEn = "Hello" });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var noBody = await supervisor.PutAsync("/api/canned-replies/greeting", new StringContent("null", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.DeleteAsync("/api/canned-replies/Not%20An%20Id")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.DeleteAsync("/api/canned-replies/no-such-reply")).StatusCode);
    }

    [Fact]
    public async Task A_counselor_sends_a_referral_card_that_the_worker_receives_as_a_system_message()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("I keep thinking about quitting", language: "en");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        var accepted = await counselor.Connection.InvokeAsync<JsonElement>("AcceptOffer", (await counselor.NextOffer(started.ConversationId)).OfferId.ToString());
        Assert.Equal("en", accepted.GetProperty("language").GetString());

        var cards = await Server.CreateClient().GetFromJsonAsync<JsonElement>("/api/referrals");
        Assert.Contains(cards.EnumerateArray(), c => c.GetProperty("id").GetString() == "aid-line-12356");
        var sent = await counselor.Connection.InvokeAsync<SendResult>("SendReferral", started.ConversationId.ToString(), "aid-line-12356");

        var received = await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == sent.Seq);
        Assert.Equal(("system", "📞 National psychological aid line 12356 (24 hours)"), (received.Sender, received.Text));

        var unknown = await Assert.ThrowsAsync<HubException>(() =>
            counselor.Connection.InvokeAsync<SendResult>("SendReferral", started.ConversationId.ToString(), "no-such-card"));
        Assert.Contains("no referral card 'no-such-card'", unknown.Message);
        await using var other = await CounselorSession.NewCounselor(Server, fixture.Admin, displayName: "李老师");
        var notYours = await Assert.ThrowsAsync<HubException>(() =>
            other.Connection.InvokeAsync<SendResult>("SendReferral", started.ConversationId.ToString(), "aid-line-12356"));
        Assert.Contains("not yours", notYours.Message);
    }

    private async Task<HttpClient> SignedIn(string role)
    {
        var (userName, password) = await fixture.Admin.CreateCounselor(role == "supervisor" ? "王督导" : "陈老师", role: role);
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(userName, password));
        return http;
    }
}
