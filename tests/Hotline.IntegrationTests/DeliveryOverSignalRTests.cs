namespace Hotline.IntegrationTests;

/// <summary>
/// The delivery contract over the real hubs: a send retried with its client id is stored and delivered once and
/// answered with its first seq, and each side can fetch what it lacks with GetMessagesAfter.
/// </summary>
public sealed class DeliveryOverSignalRTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_retried_send_from_either_side_is_stored_and_delivered_once_with_its_first_seq()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        var workerId = ClientIds.New();
        var counselorId = ClientIds.New();

        var sent = await worker.Send("I can't sleep", workerId);
        var retried = await worker.Send("I can't sleep", workerId);
        var answered = await counselor.Send(started.ConversationId, "I'm here", counselorId);
        var answeredAgain = await counselor.Send(started.ConversationId, "I'm here", counselorId);
        var different = await worker.Send("I can't sleep", ClientIds.New());

        Assert.Equal((2L, 2L, 3L, 3L, 4L), (sent.Seq, retried.Seq, answered.Seq, answeredAgain.Seq, different.Seq));
        // Events come in order: once the last has, a second delivery of a retried one would have too.
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == different.Seq);
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == different.Seq);
        Assert.Equal([2L, 3L, 4L], counselor.Events.All<ChatMessage>("MessageReceived").Select(m => m.Seq));
        Assert.Equal([2L, 3L, 4L], worker.Events.All<ChatMessage>("MessageReceived").Select(m => m.Seq));
        var stored = await worker.MessagesAfter(0);
        Assert.Equal(["hello", "I can't sleep", "I'm here", "I can't sleep"], stored.Messages.Select(m => m.Text));
        Assert.Equal([null, workerId, counselorId], stored.Messages.Take(3).Select(m => m.ClientMessageId));
    }

    [Fact]
    public async Task Each_side_fetches_what_it_lacks_with_the_status_and_supervisors_only_what_they_watch()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin, displayName: "陈老师");
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        await worker.Send("one");
        await counselor.Send(started.ConversationId, "two");

        var atWorker = await worker.MessagesAfter(1);
        var atDesk = await counselor.MessagesAfter(started.ConversationId, 2);
        Assert.Equal((started.ConversationId, "Active", 3L, "陈老师"), (atWorker.ConversationId, atWorker.Status, atWorker.LastSeq, atWorker.CounselorName));
        Assert.Equal(["one", "two"], atWorker.Messages.Select(m => m.Text));
        Assert.Equal([3L], atDesk.Messages.Select(m => m.Seq));
        Assert.Empty((await worker.MessagesAfter(3)).Messages);

        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);
        await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", started.ConversationId.ToString());
        var watched = await supervisor.Connection.InvokeAsync<ConversationTail>("GetMessagesAfter", started.ConversationId.ToString(), 0L);
        Assert.Equal([1L, 2L, 3L], watched.Messages.Select(m => m.Seq));
        await supervisor.Connection.InvokeAsync("StopMonitoring");
        var refused = await HubRefusal.Of("supervisor after StopMonitoring",
            () => supervisor.Connection.InvokeAsync<ConversationTail>("GetMessagesAfter", started.ConversationId.ToString(), 0L));
        Assert.Equal("Monitor this conversation first.", refused);

        await counselor.Connection.InvokeAsync("TransferConversation", started.ConversationId.ToString(), new { queue = "family.zh" });
        var notYours = await HubRefusal.Of("desk after transferring", () => counselor.MessagesAfter(started.ConversationId, 0));
        Assert.StartsWith("This conversation is not yours", notYours);
        // What a page that missed the status events learns from the tail: the chat is back in a queue.
        Assert.Contains((await worker.MessagesAfter(3)).Status, new[] { "Queued", "Offered" });
    }
}
