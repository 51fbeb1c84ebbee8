namespace Hotline.IntegrationTests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task A_killed_and_restarted_hotline_still_has_the_conversation_and_the_accounts()
    {
        await using var server = new HotlineServer();
        await server.StartAsync();
        var admin = new Admin(server);
        var (userName, password) = await admin.CreateCounselor("孙老师");
        string token;
        Guid conversationId;
        await using (var worker = await WorkerSession.Connect(server))
        await using (var counselor = await CounselorSession.Connect(server, await server.LoginAsync(userName, password)))
        {
            var started = await worker.StartChat("第一句话");
            (token, conversationId) = (started.ResumeToken, started.ConversationId);
            await counselor.SetPresence("Available");
            await counselor.Accept((await counselor.NextOffer(conversationId)).OfferId);
            await counselor.Send(conversationId, "你好");
            await worker.Send("<i>still here</i>");
            await server.KillAsync();
        }

        await server.StartAsync();

        await using var again = await WorkerSession.Connect(server);
        var resumed = await again.Resume(token);
        Assert.Equal(conversationId, resumed.ConversationId);
        Assert.Equal("Active", resumed.Status);
        Assert.Equal(["第一句话", "你好", "<i>still here</i>"], resumed.Messages.Select(m => m.Text));
        Assert.Equal("孙老师", resumed.CounselorName);

        await using var counselorAgain = await CounselorSession.Connect(server, await server.LoginAsync(userName, password));
        var sent = await counselorAgain.Send(conversationId, "我们继续");
        Assert.Equal(4, sent.Seq);
        await again.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == 4);
    }
}
