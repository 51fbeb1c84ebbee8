using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>The worker's paths over real SignalR: the counsellor's typing hint, the staff-only topic, quick exit and coming back.</summary>
public sealed class WorkerPathsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task Only_the_counsellor_holding_the_conversation_can_tell_the_worker_they_are_typing()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("有人在吗");
        await using var holder = await CounselorSession.Holding(Server, fixture.Admin, started.ConversationId, "打字测试");
        await using var other = await CounselorSession.NewCounselor(Server, fixture.Admin, "旁人");

        var refused = await HubRefusal.Of("typing in someone else's conversation", () => other.Connection.InvokeAsync("Typing", started.ConversationId.ToString()));
        Assert.Contains("not yours", refused);
        Assert.Contains("conversationId", await HubRefusal.Of("typing with no conversation", () => holder.Connection.InvokeAsync("Typing", "not-an-id")));

        await holder.Connection.InvokeAsync("Typing", started.ConversationId.ToString());
        await worker.Events.WaitFor<JsonElement>("CounselorTyping");
        // Nothing is stored: the transcript holds the first message only.
        Assert.Equal(1, (await worker.MessagesAfter(0)).LastSeq);
    }

    [Fact]
    public async Task The_staff_only_topic_is_not_offered_to_workers_and_a_worker_starting_with_it_is_refused()
    {
        using var http = Server.CreateClient();
        var forWorkers = await http.GetFromJsonAsync<List<JsonElement>>("/api/topics/worker");
        var all = await http.GetFromJsonAsync<List<JsonElement>>("/api/topics");
        Assert.DoesNotContain(forWorkers!, t => t.GetProperty("id").GetString() == "non-service");
        Assert.Contains(all!, t => t.GetProperty("id").GetString() == "non-service");
        Assert.Equal(all!.Count - 1, forWorkers!.Count);

        await using var worker = await WorkerSession.Connect(Server);
        var refused = await HubRefusal.Of("starting with the staff-only topic", () => worker.StartChat("test", topic: "non-service"));
        Assert.Contains("not a known topic", refused);
        Assert.DoesNotContain("non-service", refused[refused.IndexOf("Choose", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task A_worker_who_left_in_a_hurry_and_resumes_keeps_the_conversation_and_the_counsellor_hears_both()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("我需要帮助");
        await using var counselor = await CounselorSession.Holding(Server, fixture.Admin, started.ConversationId, "快速离开测试");

        var left = await worker.Connection.InvokeAsync<LeftInHurry>("LeaveInHurry");
        var told = await counselor.Events.WaitFor<WorkerLeftInHurry>("WorkerLeftInHurry", e => e.ConversationId == started.ConversationId);
        Assert.Equal(left.ResumableUntil, told.ResumableUntil);
        Assert.True(told.ResumableUntil > DateTimeOffset.UtcNow.AddMinutes(2), "the default is a few minutes");
        await worker.Connection.StopAsync();

        await using var back = await WorkerSession.Connect(Server);
        var resumed = await back.Resume(started.ResumeToken);
        Assert.Equal("Active", resumed.Status);
        await counselor.Events.WaitFor<WorkerReturned>("WorkerReturned", e => e.ConversationId == started.ConversationId);
        await back.Send("我回来了");
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "我回来了");
    }
}
