namespace Hotline.IntegrationTests;

/// <summary>What the hotline writes to its logs: never what people wrote, never a token or password.</summary>
public sealed class PrivacyTests
{
    [Fact]
    public async Task Logs_never_contain_message_text_tokens_or_passwords()
    {
        // Information level everywhere, so that anything the code might log is really written.
        await using var server = new HotlineServer(new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        await server.StartAsync();
        var admin = new Admin(server);
        var (userName, password) = await admin.CreateCounselor("日志测试老师");
        var staffToken = await server.LoginAsync(userName, password);

        const string workerSecret = "我的秘密-工厂名-13800138000";
        const string counselorSecret = "counselor-private-reply-7731";
        const string riskText = "我真的不想活了-logscan";
        await using var worker = await WorkerSession.Connect(server);
        var started = await worker.StartChat(workerSecret);
        await using var counselor = await CounselorSession.Connect(server, staffToken);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        var reply = await counselor.Send(started.ConversationId, counselorSecret);
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == reply.Seq);
        var risky = await worker.Send(riskText);
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == risky.Seq);
        await using var resumed = await WorkerSession.Connect(server);
        await resumed.Resume(started.ResumeToken);
        // Browsers put the hub token in the query string on WebSockets.
        using var http = server.CreateClient();
        await http.PostAsync($"/hubs/counselor/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(staffToken)}", null);

        // The console logger writes from a queue: only a stopped server has written everything it was going to.
        await server.StopAsync();
        var log = string.Join("\n", server.Output);
        Assert.Contains("Now listening on", log);
        Assert.Contains("Application is shutting down", log);
        foreach (var secret in new[] { workerSecret, counselorSecret, riskText, "13800138000", started.ResumeToken, staffToken, password, Admin.StrongPassword, HotlineServer.AdminPassword })
            Assert.DoesNotContain(secret, log);
    }
}
