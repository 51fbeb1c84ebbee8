using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hotline.Contracts.Conversations;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>
/// The lists a city's staff read hold only their line's items, through the public contract: a worker's earlier
/// conversations (one worker, remembered on one device, who wrote to Changsha, then Zhuzhou, then Changsha again),
/// follow-up tasks, blocks and the audit log. The province's supervisor reads both cities'.
/// </summary>
public sealed class LineScopeListTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_city_s_staff_read_only_their_line_s_earlier_conversations_follow_ups_and_blocks()
    {
        var admin = new Admin(Server);
        await using var changshaCounselor = await Counselor(admin, "长沙·王老师", "changsha");
        await using var zhuzhouCounselor = await Counselor(admin, "株洲·赵老师", "zhuzhou");
        var (changshaSupervisor, changshaSupervisorToken) = await Supervisor(admin, "长沙·督导员", "changsha");
        await using var changshaSupervisorConnection = changshaSupervisor;
        var (hunanSupervisor, _) = await Supervisor(admin, "湖南·督导员", "hunan");
        await using var hunanSupervisorConnection = hunanSupervisor;
        var device = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var first = await Closed(changshaCounselor, device, "changsha", "第一次来长沙", "R1");
        // R3 at its wrap-up: a follow-up task at Zhuzhou.
        var zhuzhou = await Closed(zhuzhouCounselor, device, "zhuzhou", "后来到了株洲", "R3");
        await using var again = await WorkerSession.Connect(Server);
        var third = await Start(again, device, "changsha", "又回到长沙");
        await changshaCounselor.Accept((await changshaCounselor.NextOffer(third)).OfferId);

        // The Changsha counsellor sees the worker's Changsha conversation, never the Zhuzhou one.
        var earlier = await changshaCounselor.Connection.InvokeAsync<List<JsonElement>>("GetEarlierConversations", third.ToString());
        Assert.Equal([first], earlier.Select(e => e.GetProperty("conversationId").GetGuid()));

        // Zhuzhou's follow-up: the province's supervisor has it, Changsha's does not.
        Assert.Contains(zhuzhou, await FollowUps(hunanSupervisor));
        Assert.DoesNotContain(zhuzhou, await FollowUps(changshaSupervisor));

        // A block the province puts on Zhuzhou's worker: listed for the province, not for Changsha.
        await hunanSupervisor.Connection.InvokeAsync<JsonElement>("BlockWorker", zhuzhou.ToString(), new { reason = "辱骂咨询师", hours = 1 });
        Assert.Contains(zhuzhou, await Blocks(hunanSupervisor));
        Assert.DoesNotContain(zhuzhou, await Blocks(changshaSupervisor));

        // The audit log: the province's look into Zhuzhou's chat is the province's to read, not Changsha's; nor are
        // the account changes that made these people (they are the network's).
        await hunanSupervisor.Connection.InvokeAsync<JsonElement>("MonitorConversation", zhuzhou.ToString());
        Assert.Contains(zhuzhou, await Audited(hunanSupervisor));
        var changshaReads = await Audited(changshaSupervisor);
        Assert.DoesNotContain(zhuzhou, changshaReads);
        Assert.DoesNotContain(Guid.Empty, changshaReads);
        Assert.Contains(third, changshaReads);
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", changshaSupervisorToken);
        var overRest = await http.GetFromJsonAsync<JsonElement>("/api/supervisor/audit");
        Assert.DoesNotContain(overRest.GetProperty("entries").EnumerateArray(), e => e.GetProperty("entry").GetProperty("conversationId").GetGuid() == zhuzhou);
    }

    private static async Task<List<Guid>> Audited(SupervisorSession supervisor) =>
        [.. (await supervisor.Connection.InvokeAsync<JsonElement>("GetAuditLog", 100)).GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("entry").GetProperty("conversationId").GetGuid())];

    private async Task<Guid> Closed(CounselorSession counselor, string device, string line, string firstMessage, string risk)
    {
        await using var worker = await WorkerSession.Connect(Server);
        var conversationId = await Start(worker, device, line, firstMessage);
        await counselor.Accept((await counselor.NextOffer(conversationId)).OfferId);
        await counselor.Connection.InvokeAsync("EndConversation", conversationId.ToString());
        await counselor.Connection.InvokeAsync("SubmitWrapUp", conversationId.ToString(), new { topic = "emotional", riskLevel = risk, action = "counselling" });
        return conversationId;
    }

    private static async Task<Guid> Start(WorkerSession worker, string device, string line, string firstMessage) =>
        (await worker.Connection.InvokeAsync<JsonElement>("StartChat",
            new { topic = "emotional", language = "zh", firstMessage, consentVersion = PrivacyNotice.Version, deviceKey = device, line }))
        .GetProperty("conversationId").GetGuid();

    private static async Task<List<Guid>> FollowUps(SupervisorSession supervisor) =>
        [.. (await supervisor.Connection.InvokeAsync<List<JsonElement>>("GetFollowUps")).Select(t => t.GetProperty("conversationId").GetGuid())];

    private static async Task<List<Guid>> Blocks(SupervisorSession supervisor) =>
        [.. (await supervisor.Connection.InvokeAsync<List<JsonElement>>("GetBlocks")).Select(b => b.GetProperty("conversationId").GetGuid())];

    private async Task<CounselorSession> Counselor(Admin admin, string name, string line)
    {
        var (userName, password) = await admin.CreateCounselor(name, lines: [line]);
        var session = await CounselorSession.Connect(Server, await Server.LoginAsync(userName, password));
        await session.SetPresence("Available");
        return session;
    }

    private async Task<(SupervisorSession Session, string Token)> Supervisor(Admin admin, string name, string line)
    {
        var (userName, password) = await admin.CreateCounselor(name, role: "supervisor", lines: [line]);
        var token = await Server.LoginAsync(userName, password);
        return (await SupervisorSession.Connect(Server, token), token);
    }
}
