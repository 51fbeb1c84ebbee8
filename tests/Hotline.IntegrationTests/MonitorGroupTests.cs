namespace Hotline.IntegrationTests;

/// <summary>A supervisor's connection watches one conversation at a time, over real SignalR: what it stopped watching no longer reaches it.</summary>
public sealed class MonitorGroupTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_supervisor_who_moved_on_or_stopped_monitoring_no_longer_receives_that_conversations_messages()
    {
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin, cap: 2);
        await counselor.SetPresence("Available");
        await using var firstWorker = await WorkerSession.Connect(Server);
        var first = (await firstWorker.StartChat("first")).ConversationId;
        await counselor.Accept((await counselor.NextOffer(first)).OfferId);
        await using var secondWorker = await WorkerSession.Connect(Server);
        var second = (await secondWorker.StartChat("second")).ConversationId;
        await counselor.Accept((await counselor.NextOffer(second)).OfferId);
        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);

        await Monitor(supervisor, first);
        await SaidAndSeen(counselor, supervisor, first, "watched");

        // Moving to another conversation leaves the first one: each connection sends in order, so seeing the
        // message sent second proves the first had its chance to arrive.
        await Monitor(supervisor, second);
        await counselor.Send(first, "after moving on");
        await SaidAndSeen(counselor, supervisor, second, "now watched");
        Assert.DoesNotContain(Texts(supervisor), text => text == "after moving on");

        await supervisor.Connection.InvokeAsync("StopMonitoring");
        await counselor.Send(second, "after stopping");
        await Monitor(supervisor, first);
        await SaidAndSeen(counselor, supervisor, first, "watched again");
        Assert.DoesNotContain(Texts(supervisor), text => text == "after stopping");
    }

    private static Task<MonitoredConversation> Monitor(SupervisorSession supervisor, Guid conversationId) =>
        supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", conversationId.ToString());

    private static async Task SaidAndSeen(CounselorSession counselor, SupervisorSession supervisor, Guid conversationId, string text)
    {
        var said = await counselor.Send(conversationId, text);
        await supervisor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.ConversationId == conversationId && m.Seq == said.Seq);
    }

    private static IEnumerable<string> Texts(SupervisorSession supervisor) => supervisor.Events.All<ChatMessage>("MessageReceived").Select(m => m.Text);
}
