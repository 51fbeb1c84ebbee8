using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>
/// Two cities under one province (Changsha and Zhuzhou, under Hunan), through the public contract: a city's staff
/// cannot read, monitor, step into, block, reassign or transfer across to the other city's conversation, nor see it in
/// alerts and figures, pushed or asked for, nor acknowledge its alert; the provincial supervisor sees, steps into and
/// acknowledges both.
/// </summary>
public sealed class LineScopeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_city_s_staff_never_reach_the_other_city_s_conversation_and_the_province_s_supervisor_reaches_both()
    {
        var admin = new Admin(Server);
        await using var changshaCounselor = await Counselor(admin, "长沙·刘老师", "changsha");
        await using var zhuzhouCounselor = await Counselor(admin, "株洲·陈老师", "zhuzhou");
        await using var changshaSupervisor = await Supervisor(admin, "长沙·督导", "changsha");
        await using var hunanSupervisor = await Supervisor(admin, "湖南·督导", "hunan");

        await using var changshaWorker = await WorkerSession.Connect(Server);
        var changsha = (await changshaWorker.StartChat("长沙的职工想聊聊", line: "changsha")).ConversationId;
        await changshaCounselor.Session.Accept((await changshaCounselor.Session.NextOffer(changsha)).OfferId);
        await using var zhuzhouWorker = await WorkerSession.Connect(Server);
        // A risk phrase: screening alerts the supervisors of the conversation's line, and of the lines above it.
        var zhuzhou = (await zhuzhouWorker.StartChat("我不想活了", line: "zhuzhou")).ConversationId;
        await zhuzhouCounselor.Session.Accept((await zhuzhouCounselor.Session.NextOffer(zhuzhou)).OfferId);

        // The province's supervisor: the alert came, the figures hold both cities, and they may step in.
        var alert = await hunanSupervisor.Session.Events.WaitFor<Alert>("AlertRaised", a => a.ConversationId == zhuzhou);
        Assert.Equal("zhuzhou", alert.Line);
        Assert.Contains(await hunanSupervisor.Session.Connection.InvokeAsync<IReadOnlyList<Alert>>("GetOpenAlerts"), a => a.ConversationId == zhuzhou);
        var provinceFigures = await hunanSupervisor.Session.Connection.InvokeAsync<JsonElement>("GetStats");
        Assert.Equal(new[] { changsha, zhuzhou }.Order(), ActiveIds(provinceFigures).Order());
        await hunanSupervisor.Session.Connection.InvokeAsync<JsonElement>("MonitorConversation", zhuzhou.ToString());
        await hunanSupervisor.Session.Connection.InvokeAsync("Whisper", zhuzhou.ToString(), "省里看着呢");

        // The other city's supervisor: every step into Zhuzhou's conversation is refused as not theirs ...
        var other = changshaSupervisor.Session.Connection;
        var id = zhuzhou.ToString();
        foreach (var (what, call) in new (string, Func<Task>)[]
        {
            ("MonitorConversation", () => other.InvokeAsync<JsonElement>("MonitorConversation", id)),
            ("JoinConversation", () => other.InvokeAsync<JsonElement>("JoinConversation", id)),
            ("Whisper", () => other.InvokeAsync("Whisper", id, "不是我的")),
            ("SendMessage", () => other.InvokeAsync<JsonElement>("SendMessage", id, "不是我的", ClientIds.New())),
            ("BlockWorker", () => other.InvokeAsync<JsonElement>("BlockWorker", id, new { hours = 1 })),
            ("ReadArchivedTranscript", () => other.InvokeAsync<JsonElement>("ReadArchivedTranscript", id)),
            ("Reassign", () => other.InvokeAsync("Reassign", id, changshaCounselor.UserName)),
        })
            Assert.Equal("line.out-of-scope", (await HubRefusal.Coded(what, call)).Code);
        // ... its alert is not among theirs, and their figures hold their own city only.
        Assert.DoesNotContain(await other.InvokeAsync<IReadOnlyList<Alert>>("GetOpenAlerts"), a => a.ConversationId == zhuzhou);
        Assert.Equal([changsha], ActiveIds(await other.InvokeAsync<JsonElement>("GetStats")));
        Assert.DoesNotContain(changshaSupervisor.Session.Events.All<Alert>("AlertRaised"), a => a.ConversationId == zhuzhou);
        // Nor can they acknowledge it: to them it is unknown, and it stays open for the province.
        Assert.Equal("alert.unknown", (await HubRefusal.Coded("AcknowledgeAlert", () => other.InvokeAsync<Alert>("AcknowledgeAlert", alert.AlertId.ToString()))).Code);
        Assert.Contains(await hunanSupervisor.Session.Connection.InvokeAsync<IReadOnlyList<Alert>>("GetOpenAlerts"), a => a.AlertId == alert.AlertId);
        // Pushed figures too: once a push has Changsha's conversation, it still has no Zhuzhou one.
        var pushed = await changshaSupervisor.Session.Events.WaitFor<JsonElement>("StatsUpdated", s => ActiveIds(s).Contains(changsha));
        Assert.DoesNotContain(zhuzhou, ActiveIds(pushed));
        Assert.DoesNotContain(Counselors(pushed), name => name == zhuzhouCounselor.UserName);

        // The same over REST.
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", changshaSupervisor.Token);
        var archive = await http.GetAsync($"/api/supervisor/archive/{zhuzhou}");
        Assert.Equal(HttpStatusCode.NotFound, archive.StatusCode);
        Assert.Equal("line.out-of-scope", (await ProblemRefusal.Read(archive)).Code);
        Assert.Equal([changsha], ActiveIds(await http.GetFromJsonAsync<JsonElement>("/api/supervisor/stats")));

        // The province acknowledges the city's alert at the city's line.
        await hunanSupervisor.Session.Connection.InvokeAsync<Alert>("AcknowledgeAlert", alert.AlertId.ToString());
        Assert.DoesNotContain(await hunanSupervisor.Session.Connection.InvokeAsync<IReadOnlyList<Alert>>("GetOpenAlerts"), a => a.AlertId == alert.AlertId);

        // A counsellor cannot hand their conversation to the other city's counsellor, and the province cannot either.
        var transfer = await HubRefusal.Coded("transfer across cities", () => changshaCounselor.Session.Connection.InvokeAsync(
            "TransferConversation", changsha.ToString(), new { counselorId = zhuzhouCounselor.UserName }));
        Assert.Equal("transfer.other-line", transfer.Code);
        var reassign = await HubRefusal.Coded("reassign across cities", () => hunanSupervisor.Session.Connection.InvokeAsync(
            "Reassign", zhuzhou.ToString(), changshaCounselor.UserName));
        Assert.Equal("transfer.other-line", reassign.Code);

        // Nothing was changed by the refusals: both conversations go on with their own counsellors.
        await zhuzhouCounselor.Session.Send(zhuzhou, "我还在这里");
        await zhuzhouWorker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "我还在这里");
        await changshaCounselor.Session.Send(changsha, "我也在");
        await changshaWorker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "我也在");
    }

    private sealed record Staff<T>(T Session, string UserName, string Token) : IAsyncDisposable where T : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Session.DisposeAsync();
    }

    private async Task<Staff<CounselorSession>> Counselor(Admin admin, string name, string line)
    {
        var (userName, password) = await admin.CreateCounselor(name, lines: [line]);
        var token = await Server.LoginAsync(userName, password);
        var session = await CounselorSession.Connect(Server, token);
        await session.SetPresence("Available");
        return new(session, userName, token);
    }

    private async Task<Staff<SupervisorSession>> Supervisor(Admin admin, string name, string line)
    {
        var (userName, password) = await admin.CreateCounselor(name, role: "supervisor", lines: [line]);
        var token = await Server.LoginAsync(userName, password);
        return new(await SupervisorSession.Connect(Server, token), userName, token);
    }

    private static List<Guid> ActiveIds(JsonElement stats) =>
        [.. stats.GetProperty("activeConversations").EnumerateArray().Select(a => a.GetProperty("conversationId").GetGuid())];

    private static List<string> Counselors(JsonElement stats) =>
        [.. stats.GetProperty("counselors").EnumerateArray().Select(c => c.GetProperty("counselorId").GetString()!)];
}
