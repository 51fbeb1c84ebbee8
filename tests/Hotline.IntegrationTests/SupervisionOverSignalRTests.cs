using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

public sealed class SupervisionOverSignalRTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_risk_phrase_alerts_the_supervisor_and_the_conversation_jumps_the_queue()
    {
        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);
        await using var calm = await WorkerSession.Connect(Server);
        var first = await calm.StartChat("最近睡不好");
        await using var atRisk = await WorkerSession.Connect(Server);
        var second = await atRisk.StartChat("你好");
        Assert.Equal(first.Position + 1, second.Position);

        await atRisk.Send("我 真的 不想活了");
        // Only that it comes, on the shared deadline: a wall-clock bound on two shared cores measures the machine.
        var alert = await supervisor.Events.WaitFor<Alert>("AlertRaised", a => a.ConversationId == second.ConversationId);

        Assert.Equal("R3", alert.RiskLevel);
        // A code the page words, nobody holds it yet, its queue, and the worker's words as written around the phrase.
        Assert.Equal(("screening.matched", null, "emotional.zh"), (alert.Reason, alert.CounselorName, alert.QueueName));
        Assert.Equal(new AlertTrigger("不想活了", "我 真的 不想活了"), alert.Trigger);
        await calm.Events.WaitFor<QueueUpdated>("QueueUpdated", q => q.Position == first.Position + 1);
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived");
        Assert.Equal((second.ConversationId, "R3"), (offer.ConversationId, offer.RiskLevel));
        await counselor.Connection.InvokeAsync("DeclineOffer", offer.OfferId.ToString());
        await counselor.SetPresence("Offline");

        await supervisor.Connection.InvokeAsync<Alert>("AcknowledgeAlert", alert.AlertId.ToString());
        var open = await supervisor.Connection.InvokeAsync<List<Alert>>("GetOpenAlerts");
        Assert.DoesNotContain(open, a => a.AlertId == alert.AlertId);
    }

    [Fact]
    public async Task A_monitor_sees_live_messages_and_a_whisper_reaches_the_counselor_but_never_the_worker()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);

        var monitored = await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", started.ConversationId.ToString());
        Assert.Equal(["hello"], monitored.Messages.Select(m => m.Text));
        var live = await counselor.Send(started.ConversationId, "我在听");
        await supervisor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == live.Seq);

        await supervisor.Connection.InvokeAsync("Whisper", started.ConversationId.ToString(), "Ask how they are sleeping.");
        var whisper = await counselor.Events.WaitFor<Whisper>("WhisperReceived");
        Assert.Equal(("王督导", "Ask how they are sleeping."), (whisper.SupervisorName, whisper.Text));

        // Anything sent after the whisper that the worker does get proves the whisper had its chance to arrive.
        var after = await counselor.Send(started.ConversationId, "after the whisper");
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == after.Seq);
        Assert.DoesNotContain(worker.Events.All<ChatMessage>("MessageReceived"), m => m.Text.Contains("sleeping"));
        await using var reader = await WorkerSession.Connect(Server);
        Assert.DoesNotContain((await reader.Resume(started.ResumeToken)).Messages, m => m.Text.Contains("sleeping"));

        var audit = await supervisor.Connection.InvokeAsync<JsonElement>("GetAuditLog", 50);
        Assert.True(audit.GetProperty("intact").GetBoolean());
        var actions = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry"))
            .Where(e => e.GetProperty("conversationId").GetGuid() == started.ConversationId).Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["whisper", "monitor"], actions);
    }

    [Fact]
    public async Task Counselors_are_refused_on_every_supervisor_call_and_the_stats_endpoint()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("普通咨询师");
        var token = await Server.LoginAsync(userName, password);
        var asCounselor = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/supervisor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => asCounselor.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/supervisor/stats")).StatusCode);
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/supervisor/stats")).StatusCode);
    }

    [Fact]
    public async Task Supervisors_get_the_live_figures_pushed_and_from_the_endpoint()
    {
        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);
        await using var worker = await WorkerSession.Connect(Server);
        await worker.StartChat("counted");

        // Arrivals and queue figures reach the stats grain separately (both one-way): wait for a snapshot with both.
        var pushed = await supervisor.Events.WaitFor<JsonElement>("StatsUpdated", s =>
            s.GetProperty("today").GetProperty("arrived").GetInt32() >= 1 && s.GetProperty("queues").GetArrayLength() > 0);
        Assert.Contains(pushed.GetProperty("queues").EnumerateArray(), q => q.GetProperty("queue").GetString() == "emotional.zh");

        var (userName, password) = await fixture.Admin.CreateCounselor("督导二", role: "supervisor");
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(userName, password));
        var snapshot = await http.GetFromJsonAsync<JsonElement>("/api/supervisor/stats");
        Assert.True(snapshot.GetProperty("today").GetProperty("arrived").GetInt32() >= 1);
        Assert.True(snapshot.GetProperty("staffing").GetProperty("counselorsNeeded").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Array, snapshot.GetProperty("history").ValueKind);
    }

    [Fact]
    public async Task An_R3_wrap_up_leaves_a_follow_up_the_counselor_sees_and_closes_and_supervisors_see_until_then()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        var id = started.ConversationId.ToString();
        await counselor.Connection.InvokeAsync("EndConversation", id);
        Assert.Contains("emergency services", (await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            counselor.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", riskLevel = "R4", action = "escalation" }))).Message);
        await counselor.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", riskLevel = "R4", action = "escalation", emergencyServicesReached = true });

        var mine = Assert.Single(await counselor.Connection.InvokeAsync<List<FollowUpTask>>("GetMyFollowUps"));
        Assert.Equal((started.ConversationId, "R4"), (mine.ConversationId, mine.RiskLevel));
        Assert.InRange(mine.DueAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);
        Assert.Contains(await supervisor.Connection.InvokeAsync<List<FollowUpTask>>("GetFollowUps"), t => t.TaskId == mine.TaskId);

        await counselor.Connection.InvokeAsync("CompleteFollowUp", mine.TaskId.ToString());
        Assert.Empty(await counselor.Connection.InvokeAsync<List<FollowUpTask>>("GetMyFollowUps"));
        Assert.DoesNotContain(await supervisor.Connection.InvokeAsync<List<FollowUpTask>>("GetFollowUps"), t => t.TaskId == mine.TaskId);
    }

    [Fact]
    public async Task Supervisor_calls_with_bad_ids_get_clear_errors()
    {
        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);
        Assert.Contains("conversationId must be", (await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", "nope"))).Message);
        Assert.Contains("no conversation", (await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", Guid.NewGuid().ToString()))).Message);
        Assert.Contains("no open alert", (await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            supervisor.Connection.InvokeAsync<Alert>("AcknowledgeAlert", Guid.NewGuid().ToString()))).Message);
        Assert.Contains("counselorId must", (await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            supervisor.Connection.InvokeAsync("Reassign", Guid.NewGuid().ToString(), " "))).Message);
    }
}
