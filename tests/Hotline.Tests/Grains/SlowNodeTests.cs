using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;

namespace Hotline.Tests.Grains;

/// <summary>
/// A web node that answers one delivery with a timeout (what Orleans says of a node that did not answer in time) is
/// slow, not dead: the notifier keeps it, and the events after that one reach it. It used to be dropped for up to
/// 15 s after one delivery slower than 5 s, and every event meanwhile vanished.
/// </summary>
public sealed class SlowNodeTests : HotlineTestCluster
{
    private readonly SlowHubNode _slow = new();
    private IHubNode? _slowReference;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // Registered before any event, so the notifier's first read of the directory has it.
        _slowReference = Grains.CreateObjectReference<IHubNode>(_slow);
        await Grains.GetGrain<IHubNodeDirectoryGrain>(0).Register(Guid.NewGuid(), _slowReference);
    }

    [Fact]
    public async Task A_node_that_timed_out_once_still_gets_the_events_after()
    {
        var (id, counselorId) = await ActiveConversation("hello");
        await Conversation(id).PostWorkerMessage("first", ClientIds.New());
        var timedOut = await _slow.TimedOut.Task.WaitAsync(Eventually.Deadline);

        await Conversation(id).PostCounselorMessage(counselorId, "second", ClientIds.New());
        var last = await Conversation(id).PostWorkerMessage("third", ClientIds.New());

        await _slow.Received.WaitUntil(seqs => seqs.Contains(last.Seq), () => $"message {last.Seq} never reached the slow node");
        Assert.Equal(Enumerable.Range((int)timedOut + 1, (int)(last.Seq - timedOut)).Select(seq => (long)seq), _slow.Received.Entries);
    }

    /// <summary>Times out on the first chat message it is given, then takes the rest.</summary>
    private sealed class SlowHubNode : IHubNode
    {
        /// <summary>The seq of the message it timed out on.</summary>
        public TaskCompletionSource<long> TimedOut { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public EventLog<long> Received { get; } = new();

        public Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e)
        {
            if (e.Payload is not ChatMessage message)
                return Task.CompletedTask;
            if (TimedOut.TrySetResult(message.Seq))
                return Task.FromException(new TimeoutException("Response did not arrive on time."));
            Received.Add(message.Seq);
            return Task.CompletedTask;
        }

        public Task ToWorker(Guid conversationId, ClientEvent e) => Task.CompletedTask;

        public Task ToCounselor(string counselorId, ClientEvent e) => Task.CompletedTask;

        public Task ToSupervisors(ClientEvent e) => Task.CompletedTask;

        public Task ToMonitors(Guid conversationId, ClientEvent e) => Task.CompletedTask;

        public Task DisconnectUser(string userId) => Task.CompletedTask;
    }
}
