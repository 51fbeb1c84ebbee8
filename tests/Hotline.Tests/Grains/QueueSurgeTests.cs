using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;

namespace Hotline.Tests.Grains;

/// <summary>A queue full of waiting workers keeps making offers while their position pushes are slow to deliver.</summary>
public sealed class QueueSurgeTests : HotlineTestCluster
{
    private const int Waiting = 30;
    private readonly PositionPushHold _hold = new();

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.AddOutgoingGrainCallFilter(_hold);

    [Fact]
    public async Task An_offer_is_made_while_every_waiting_workers_position_push_is_held()
    {
        var waiting = new List<Guid>();
        for (var i = 0; i < Waiting; i++)
            waiting.Add((await StartChat($"worker {i}")).ConversationId);

        // The first worker leaves: everyone behind moves up a place, and those pushes get stuck on the way.
        _hold.Hold();
        await Conversation(waiting[0]).EndByWorker();
        await _hold.WaitUntilHeld(waiting[^1]);

        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived");
        Assert.Equal(waiting[1], offer.ConversationId);
        Assert.Equal(0, _hold.Passed);
        Assert.Equal(Waiting - 1, _hold.Held.Count);

        // Once the pushes go through, each worker still waiting ends up told their place as the queue has it now.
        _hold.Release();
        foreach (var conversationId in waiting.Skip(2))
        {
            var now = await Queue().GetStatus(conversationId);
            await Eventually.Shows(() => Task.FromResult(LastPushTo(conversationId)), last => last == now, "the worker's latest place");
        }
    }

    private QueueStatus? LastPushTo(Guid conversationId) =>
        Events.ForWorker(conversationId).LastOrDefault(e => e.Name == "QueueUpdated")?.Payload as QueueStatus;
}
