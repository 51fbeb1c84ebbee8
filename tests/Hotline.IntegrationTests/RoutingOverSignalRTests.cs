namespace Hotline.IntegrationTests;

/// <summary>Offers, timeouts and honest presence through the public contract, on a server with short timers.</summary>
public sealed class RoutingOverSignalRTests(FastRoutingFixture fixture) : IClassFixture<FastRoutingFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task An_offer_left_to_expire_is_withdrawn_and_offered_to_the_next_counselor()
    {
        await using var slow = await CounselorSession.NewCounselor(Server, fixture.Admin, "慢老师");
        await slow.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("有人吗");
        var missed = await slow.NextOffer(started.ConversationId);
        await using var next = await CounselorSession.NewCounselor(Server, fixture.Admin, "快老师");
        await next.SetPresence("Available");

        await slow.Events.WaitFor<OfferWithdrawn>("OfferWithdrawn", w => w.OfferId == missed.OfferId);
        var offer = await next.NextOffer(started.ConversationId);
        Assert.Contains("no longer open", (await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => slow.Accept(missed.OfferId))).Message);
        var accepted = await next.Accept(offer.OfferId);
        Assert.Equal("Active", accepted.Status);
        Assert.Equal("快老师", (await worker.Events.WaitFor<CounselorJoined>("CounselorJoined")).DisplayName);
    }

    [Fact]
    public async Task A_counselor_whose_page_closes_is_replaced_and_the_worker_keeps_the_conversation()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("第一句");
        var leaving = await CounselorSession.NewCounselor(Server, fixture.Admin, "离开的老师");
        await leaving.SetPresence("Available");
        await leaving.Accept((await leaving.NextOffer(started.ConversationId)).OfferId);
        await leaving.Send(started.ConversationId, "我在");

        // The page closes without a word: no SetPresence, no end.
        await leaving.Connection.DisposeAsync();

        var notice = await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Sender == "system");
        Assert.Contains("连接中断", notice.Text);
        await using var replacement = await CounselorSession.NewCounselor(Server, fixture.Admin, "接替的老师");
        await replacement.SetPresence("Available");
        var offer = await replacement.NextOffer(started.ConversationId);
        var accepted = await replacement.Accept(offer.OfferId);
        Assert.Equal(["第一句", "我在"], accepted.Messages.Where(m => m.Sender != "system").Select(m => m.Text));
        var reply = await replacement.Send(started.ConversationId, "你好，我来继续陪你");
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == reply.Seq);
    }

    [Fact]
    public async Task A_transfer_to_a_colleague_who_is_away_is_refused_in_words_and_to_a_free_one_reaches_their_desk()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("我想换个人聊");
        await using var first = await CounselorSession.Holding(Server, fixture.Admin, started.ConversationId, "转出的老师");
        // Two seats, so that a stray offer from another test's worker cannot fill the colleague's desk.
        await using var colleague = await CounselorSession.NewCounselor(Server, fixture.Admin, "接手的老师", cap: 2);
        await colleague.SetPresence("Away");

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => first.TransferToColleague(started.ConversationId, colleague.UserName!));
        Assert.Contains("not free", refused.Message);
        var kept = await first.Send(started.ConversationId, "我还在");
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == kept.Seq);

        await colleague.SetPresence("Available");
        await first.TransferToColleague(started.ConversationId, colleague.UserName!, "over to you");
        var assigned = await colleague.Events.WaitFor<ConversationAssigned>("ConversationAssigned", a => a.ConversationId == started.ConversationId);
        Assert.Equal(("Active", "over to you"), (assigned.Status, assigned.Note));
        Assert.Contains(assigned.Messages, m => m.Text == "我还在");
        Assert.Equal("transferred", (await first.Events.WaitFor<ConversationEnded>("ConversationEnded", e => e.ConversationId == started.ConversationId)).Reason);
        var reply = await colleague.Send(started.ConversationId, "你好，我接着陪你");
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == reply.Seq);
    }

    [Fact]
    public async Task A_waiting_worker_whose_tab_closes_is_abandoned_and_the_next_moves_up()
    {
        var leaving = await WorkerSession.Connect(Server);
        var first = await leaving.StartChat("hello");
        await using var staying = await WorkerSession.Connect(Server);
        var second = await staying.StartChat("still here");
        Assert.Equal(first.Position + 1, second.Position);

        await leaving.Connection.DisposeAsync();

        await staying.Events.WaitFor<QueueUpdated>("QueueUpdated", q => q.Position == first.Position);
        await using var reader = await WorkerSession.Connect(Server);
        Assert.Equal("Abandoned", (await reader.Resume(first.ResumeToken)).Status);
    }
}
