using Hotline.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.IntegrationTests;

public sealed class BadInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_refusal_reaches_the_page_as_code_params_and_sentence()
    {
        await using var worker = await WorkerSession.Connect(Server);
        await worker.StartChat("first message");

        var tooLong = await Assert.ThrowsAsync<HubException>(() => worker.Send(new string('长', 4001)));
        Assert.EndsWith("HubException: message.too-long|length=4001&max=4000|The message is 4001 characters long; the limit is 4000. Split it into shorter messages.", tooLong.Message);

        // A parameter is URL-encoded, so a '|' or '&' the caller sent cannot break the shape.
        var negative = await HubRefusal.Coded("a negative seq", () => worker.MessagesAfter(-1));
        Assert.Equal(RefusalCodes.ConversationBadAfterSeq, negative.Code);
        Assert.Empty(negative.Params);
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        var odd = await HubRefusal.Coded("an id with a bar", () => counselor.Connection.InvokeAsync("AcceptOffer", "a|b&c=d"));
        Assert.Equal(RefusalCodes.BadId, odd.Code);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "offerId", ["value"] = "a|b&c=d" }, odd.Params);
        Assert.Equal("offerId must be the id the hotline gave you (a GUID); 'a|b&c=d' is not one.", odd.Sentence);
    }

    [Fact]
    public async Task A_worker_gets_clear_errors_and_the_conversation_stays_intact()
    {
        await using var worker = await WorkerSession.Connect(Server);
        Assert.Contains("Start a chat", (await Assert.ThrowsAsync<HubException>(() => worker.Send("hello"))).Message);

        var started = await worker.StartChat("first message");
        Assert.Contains("empty", (await Assert.ThrowsAsync<HubException>(() => worker.Send(""))).Message);
        Assert.Contains("empty", (await Assert.ThrowsAsync<HubException>(() => worker.Send("  \n "))).Message);
        Assert.Contains("empty", (await Assert.ThrowsAsync<HubException>(() => worker.Send(null))).Message);
        Assert.Contains("limit is 4000", (await Assert.ThrowsAsync<HubException>(() => worker.Send(new string('长', 4001)))).Message);
        Assert.Contains("already has a conversation", (await Assert.ThrowsAsync<HubException>(() => worker.StartChat("again"))).Message);
        Assert.Contains("once the conversation has ended", (await Assert.ThrowsAsync<HubException>(() => worker.Connection.InvokeAsync("SubmitSurvey", new { rating = 5 }))).Message);

        var exactlyAtLimit = await worker.Send(new string('长', 4000));
        Assert.Equal(2, exactlyAtLimit.Seq);

        await using var reader = await WorkerSession.Connect(Server);
        var resumed = await reader.Resume(started.ResumeToken);
        Assert.Equal("Queued", resumed.Status);
        Assert.Equal([1L, 2L], resumed.Messages.Select(m => m.Seq));
    }

    [Fact]
    public async Task Starting_with_a_bad_topic_language_or_message_is_refused()
    {
        await using var worker = await WorkerSession.Connect(Server);
        Assert.Contains("not a known topic", (await Assert.ThrowsAsync<HubException>(() => worker.StartChat("hi", topic: "astrology"))).Message);
        Assert.Contains("not a supported language", (await Assert.ThrowsAsync<HubException>(() => worker.StartChat("hi", language: "fr"))).Message);
        Assert.Contains("limit is 4000", (await Assert.ThrowsAsync<HubException>(() => worker.StartChat(new string('x', 4001)))).Message);

        // None of those left a conversation behind: this connection can still start one, and it holds only its own message.
        var started = await worker.StartChat("now properly");
        await using var reader = await WorkerSession.Connect(Server);
        Assert.Equal(["now properly"], (await reader.Resume(started.ResumeToken)).Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Bad_resume_tokens_get_clear_errors()
    {
        await using var worker = await WorkerSession.Connect(Server);
        Assert.Contains("not valid", (await Assert.ThrowsAsync<HubException>(() => worker.Resume("nonsense"))).Message);
        Assert.Contains("not valid", (await Assert.ThrowsAsync<HubException>(() => worker.Resume(""))).Message);
        var wellFormedButUnknown = new string('A', 43);
        Assert.Contains("not known", (await Assert.ThrowsAsync<HubException>(() => worker.Resume(wellFormedButUnknown))).Message);
    }

    [Fact]
    public async Task A_counselor_gets_clear_errors_for_bad_ids_states_and_values()
    {
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        Assert.Contains("presence must be one of", (await Assert.ThrowsAsync<HubException>(() => counselor.SetPresence("Sleeping"))).Message);
        Assert.Contains("presence must be one of", (await Assert.ThrowsAsync<HubException>(() => counselor.SetPresence("1"))).Message);
        Assert.Contains("offerId must be", (await Assert.ThrowsAsync<HubException>(() => counselor.Connection.InvokeAsync("AcceptOffer", "not-a-guid"))).Message);
        Assert.Contains("no longer open", (await Assert.ThrowsAsync<HubException>(() => counselor.Accept(Guid.NewGuid()))).Message);
        Assert.Contains("no longer open", (await Assert.ThrowsAsync<HubException>(() => counselor.Connection.InvokeAsync("DeclineOffer", Guid.NewGuid().ToString()))).Message);
        Assert.Contains("no conversation", (await Assert.ThrowsAsync<HubException>(() => counselor.Send(Guid.NewGuid(), "hello"))).Message);
        Assert.Contains("conversationId must be", (await Assert.ThrowsAsync<HubException>(() => counselor.Connection.InvokeAsync<SendResult>("SendMessage", "42", "hello", ClientIds.New()))).Message);
    }

    [Fact]
    public async Task A_counselor_cannot_touch_a_conversation_held_by_another()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello");
        await using var holder = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await using var other = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await holder.SetPresence("Available");
        await holder.Accept((await holder.NextOffer(started.ConversationId)).OfferId);
        var id = started.ConversationId.ToString();

        Assert.Contains("not yours", (await Assert.ThrowsAsync<HubException>(() => other.Send(started.ConversationId, "let me in"))).Message);
        Assert.Contains("not yours", (await Assert.ThrowsAsync<HubException>(() => other.Connection.InvokeAsync("EndConversation", id))).Message);
        Assert.Contains("not yours", (await Assert.ThrowsAsync<HubException>(() =>
            other.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", riskLevel = "R0", action = "counselling" }))).Message);

        Assert.Contains("End the conversation", (await Assert.ThrowsAsync<HubException>(() =>
            holder.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", riskLevel = "R0", action = "counselling" }))).Message);
        await holder.Connection.InvokeAsync("EndConversation", id);
        Assert.Contains("riskLevel must be one of", (await Assert.ThrowsAsync<HubException>(() =>
            holder.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", action = "counselling" }))).Message);
        Assert.Contains("Choose a risk level", (await Assert.ThrowsAsync<HubException>(() =>
            holder.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", riskLevel = "Unassessed", action = "counselling" }))).Message);
        Assert.Contains("not yours", (await Assert.ThrowsAsync<HubException>(() => other.Send(started.ConversationId, "now?"))).Message);
        Assert.Contains("rating must be", (await Assert.ThrowsAsync<HubException>(() => worker.Connection.InvokeAsync("SubmitSurvey", new { rating = 9 }))).Message);

        var view = await worker.Resume(started.ResumeToken);
        Assert.Equal("WrapUp", view.Status);
        Assert.Single(view.Messages);
    }
}
