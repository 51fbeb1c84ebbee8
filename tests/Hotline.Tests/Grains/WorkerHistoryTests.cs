using Hotline.Contracts.Conversations;
using Hotline.Contracts.Phone;
using Hotline.Contracts.Workers;

namespace Hotline.Tests.Grains;

/// <summary>What a worker's key keeps of their conversations, and what it reads of them.</summary>
public sealed class WorkerHistoryTests : HotlineTestCluster
{
    private const string Number = "+8613800000001";
    private readonly CallFaults _calls = new();

    protected override Dictionary<string, string?> Settings { get; } = new()
    {
        ["Hotline:Retention:ConversationsPerWorker"] = "3",
    };

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(_calls);

    [Fact]
    public async Task Each_text_learns_whether_its_conversation_is_open_without_reading_the_transcript()
    {
        var worker = TextingWorker();
        Assert.Equal(TextOutcome.Started, (await worker.ReceiveText(new InboundText("SM-1", Number, "我需要帮助"))).Outcome);
        var views = _calls.Ran<IConversationGrain>(nameof(IConversationGrain.GetView));

        for (var i = 2; i <= 5; i++)
            Assert.Equal(TextOutcome.Continued, (await worker.ReceiveText(new InboundText($"SM-{i}", Number, $"第{i}条"))).Outcome);
        Assert.Equal(views, _calls.Ran<IConversationGrain>(nameof(IConversationGrain.GetView)));
        var conversationId = Assert.Single(await worker.GetConversations());
        Assert.Equal(5, (await View(conversationId)).Messages.Count(m => m.Sender == Sender.Worker));
    }

    [Fact]
    public async Task A_number_whose_last_conversation_retention_removed_can_text_again()
    {
        var worker = TextingWorker();
        await worker.ReceiveText(new InboundText("SM-1", Number, "我需要帮助"));
        var first = Assert.Single(await worker.GetConversations());
        await Conversation(first).EndByWorker();
        await Conversation(first).Forget();

        var again = await worker.ReceiveText(new InboundText("SM-2", Number, "又来了"));
        Assert.Equal(TextOutcome.Started, again.Outcome);
        Assert.Equal(2, (await worker.GetConversations()).Count);
    }

    [Fact]
    public async Task A_worker_key_remembers_only_its_newest_conversations()
    {
        var workerKey = Guid.NewGuid().ToString("N");
        var started = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var conversationId = Guid.NewGuid();
            await Grains.GetGrain<IWorkerGrain>(workerKey).StartChat(conversationId, Channel.Web, "emotional", "zh", $"chat {i}", PrivacyNotice.Version);
            await Conversation(conversationId).EndByWorker();
            started.Add(conversationId);
        }
        Assert.Equal(started.TakeLast(3), await Grains.GetGrain<IWorkerGrain>(workerKey).GetConversations());
        Assert.Equal(started[^1], await Grains.GetGrain<IWorkerGrain>(workerKey).GetCurrentConversation());
    }

    private IWorkerGrain TextingWorker() => Grains.GetGrain<IWorkerGrain>($"sms-{Guid.NewGuid():N}");
}
