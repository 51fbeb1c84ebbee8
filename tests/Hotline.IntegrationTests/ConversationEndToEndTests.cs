namespace Hotline.IntegrationTests;

public sealed class ConversationEndToEndTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_worker_and_a_counselor_hold_a_whole_conversation()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("我最近工作压力很大\n第二行", topic: "work-career");
        Assert.Equal(1, started.Position);
        Assert.True(Convert.FromBase64String(started.ResumeToken.Replace('-', '+').Replace('_', '/') + "=").Length >= 16);

        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin, displayName: "陈老师");
        await counselor.SetPresence("Available");
        var offer = await counselor.NextOffer(started.ConversationId);
        Assert.Equal("work-career", offer.Topic);
        Assert.Equal("我最近工作压力很大", offer.Preview);
        Assert.Equal("Unassessed", offer.RiskLevel);
        Assert.True(offer.ExpiresAt > DateTimeOffset.UtcNow);

        var accepted = await counselor.Accept(offer.OfferId);
        Assert.Equal("Active", accepted.Status);
        Assert.Equal("work-career", accepted.Topic);
        Assert.Equal(["我最近工作压力很大\n第二行"], accepted.Messages.Select(m => m.Text));
        Assert.Equal("陈老师", (await worker.Events.WaitFor<CounselorJoined>("CounselorJoined")).DisplayName);

        const string html = "<b>x</b> & <script>alert('hi')</script>";
        var sent = await counselor.Send(started.ConversationId, "你好，我在这里。");
        var received = await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == sent.Seq);
        Assert.Equal(("counselor", "你好，我在这里。"), (received.Sender, received.Text));

        var reply = await worker.Send(html);
        var atCounselor = await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == reply.Seq);
        Assert.Equal(("worker", html), (atCounselor.Sender, atCounselor.Text));
        Assert.Equal(3, reply.Seq);

        // The worker reloads the page: a new connection resumes with the token and gets everything, in order.
        await using var reloaded = await WorkerSession.Connect(Server);
        var resumed = await reloaded.Resume(started.ResumeToken);
        Assert.Equal("Active", resumed.Status);
        Assert.Equal("陈老师", resumed.CounselorName);
        Assert.Equal([1L, 2L, 3L], resumed.Messages.Select(m => m.Seq));
        Assert.Equal(["worker", "counselor", "worker"], resumed.Messages.Select(m => m.Sender));
        Assert.Equal(html, resumed.Messages[2].Text);

        var afterReload = await reloaded.Send("还在吗？");
        Assert.Equal(4, afterReload.Seq);
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == 4 && m.Text == "还在吗？");
        var answer = await counselor.Send(started.ConversationId, "在的。");
        await reloaded.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == answer.Seq && m.Text == "在的。");

        await counselor.Connection.InvokeAsync("EndConversation", started.ConversationId.ToString());
        Assert.Equal("counselor-ended", (await reloaded.Events.WaitFor<ChatEnded>("ChatEnded")).Reason);
        await reloaded.Connection.InvokeAsync("SubmitSurvey", new { rating = 5, helped = true, comment = "谢谢" });
        await counselor.Connection.InvokeAsync("SubmitWrapUp", started.ConversationId.ToString(),
            new { topic = "work-career", riskLevel = "R1", action = "counselling", notes = "Pressure at work; safety information given." });

        var final = await reloaded.Resume(started.ResumeToken);
        Assert.Equal("Closed", final.Status);
        Assert.Equal(5, final.Messages.Count);
    }

    [Fact]
    public async Task The_worker_ending_a_chat_tells_the_counselor()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello", language: "en");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);

        await worker.Connection.InvokeAsync("EndChat");

        var ended = await counselor.Events.WaitFor<ConversationEnded>("ConversationEnded");
        Assert.Equal((started.ConversationId, "worker-ended"), (ended.ConversationId, ended.Reason));
        Assert.Equal("worker-ended", (await worker.Events.WaitFor<ChatEnded>("ChatEnded")).Reason);
    }

    [Fact]
    public async Task A_waiting_worker_is_told_when_their_position_moves()
    {
        await using var first = await WorkerSession.Connect(Server);
        await using var second = await WorkerSession.Connect(Server);
        await first.StartChat("first");
        var secondStarted = await second.StartChat("second");
        Assert.Equal(2, secondStarted.Position);

        await first.Connection.InvokeAsync("EndChat");

        await second.Events.WaitFor<QueueUpdated>("QueueUpdated", q => q.Position == 1);
    }
}
