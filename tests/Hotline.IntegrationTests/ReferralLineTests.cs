using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>
/// A chat answered as backup, through the public contract: the offer and the conversation say whose line it is and
/// which line answers; the cards a counsellor can send are the chat's line's (GET /api/lines/{line}/referrals), and
/// the hub refuses another region's card in the desk's words, with the chat going on.
/// </summary>
public sealed class ReferralLineTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_line_s_cards_are_every_region_s_and_its_own_with_its_own_named()
    {
        using var http = fixture.Server.CreateClient();
        var changsha = await http.GetFromJsonAsync<JsonElement>("/api/lines/changsha/referrals");
        Assert.Equal("changsha", changsha.GetProperty("line").GetString());
        Assert.Equal(["union-heart-station"], changsha.GetProperty("local").EnumerateArray().Select(id => id.GetString()));
        var cards = changsha.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains("aid-line-12356", cards);
        Assert.Contains("police-110", cards);
        Assert.DoesNotContain("beijing-union-centre", cards);

        var beijing = await http.GetFromJsonAsync<JsonElement>("/api/lines/beijing/referrals");
        Assert.Contains("beijing-union-centre", beijing.GetProperty("local").EnumerateArray().Select(id => id.GetString()));

        var unknown = await http.GetAsync("/api/lines/atlantis/referrals");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("catalog.unknown-line", (await ProblemRefusal.Read(unknown)).Code);
    }

    [Fact]
    public async Task A_provincial_counsellor_answering_a_city_s_chat_is_told_so_and_cannot_send_another_region_s_card()
    {
        var (name, password) = await fixture.Admin.CreateCounselor("湖南省老师", lines: ["hunan"]);
        await using var hunan = await CounselorSession.Connect(fixture.Server, await fixture.Server.LoginAsync(name, password));
        await hunan.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(fixture.Server, LoopbackAddress.Of(41));
        var started = await worker.StartChat("长沙这边有人吗", line: "changsha");

        var offer = await hunan.NextOffer(started.ConversationId);
        Assert.Equal(("changsha", "hunan"), (offer.Line, offer.AnsweringLine));
        var view = await hunan.Connection.InvokeAsync<JsonElement>("AcceptOffer", offer.OfferId.ToString());
        Assert.Equal(("changsha", "hunan"), (view.GetProperty("line").GetString(), view.GetProperty("answeredByLine").GetString()));

        var refused = await HubRefusal.Coded("Beijing's card in a Changsha chat", () =>
            hunan.Connection.InvokeAsync<SendResult>("SendReferral", started.ConversationId.ToString(), "beijing-union-centre"));
        Assert.Equal("referral.other-line", refused.Code);
        Assert.Contains("another region", refused.Sentence);

        var sent = await hunan.Connection.InvokeAsync<SendResult>("SendReferral", started.ConversationId.ToString(), "union-heart-station");
        var card = await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == sent.Seq);
        Assert.Equal("system", card.Sender);
        // Nothing else was sent: the refused card is not in the conversation.
        var all = await hunan.Connection.InvokeAsync<JsonElement>("GetMessagesAfter", started.ConversationId.ToString(), 0L);
        Assert.DoesNotContain(all.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains("北京"));
        await hunan.SetPresence("Offline");
    }
}
