using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Silo.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Grains;

/// <summary>
/// The server delivers chat messages 0, 1 or many times and in any order (here on purpose, through the notifier's
/// fault seam); a client that repairs gaps by seq (<see cref="TranscriptFollower"/>) still shows the conversation's
/// transcript exactly, once and in order. Without the repair the same faults lose and double messages.
/// </summary>
public sealed class DeliveryFaultTests : HotlineTestCluster
{
    private readonly SeededDeliveryFaults _faults = new(seed: 15);
    private Func<ClientEvent?, DeliveryFault> _decide;

    public DeliveryFaultTests() => _decide = _faults.For;

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.Services.AddSingleton<IDeliveryFaults>(new Decided(e => _decide(e)));

    private sealed class Decided(Func<ClientEvent?, DeliveryFault> decide) : IDeliveryFaults
    {
        public DeliveryFault For(ClientEvent? e) => decide(e);
    }

    [Fact]
    public async Task Worker_and_counsellor_converge_to_the_transcript_through_dropped_delayed_and_doubled_deliveries()
    {
        var (id, counselorId) = await ActiveConversation("hello");
        var worker = new TranscriptFollower(() => Events.ForWorker(id), after => Conversation(id).GetMessagesAfter(after));
        var counselor = new TranscriptFollower(() => Events.ForCounselor(counselorId), after => Conversation(id).GetMessagesAfter(after));
        // As a page does right after it starts showing a conversation.
        await worker.CatchUp();
        await counselor.CatchUp();
        _faults.Enabled = true;

        for (var i = 1; i <= 80; i++)
        {
            if (i % 2 == 1)
                await Conversation(id).PostWorkerMessage($"worker {i}", ClientIds.New());
            else
                await Conversation(id).PostCounselorMessage(counselorId, $"counsellor {i}", ClientIds.New());
            await worker.Follow();
            await counselor.Follow();
        }
        // The head check a page makes every 10 s finds what was lost at the end, where no later message shows a gap.
        await worker.CatchUp();
        await counselor.CatchUp();
        // Late and doubled deliveries may still come after that; once all of them are in, each side shows each message once.
        _faults.ReleaseAll();
        await AllPromisedDeliveries(() => Events.ForWorker(id));
        await AllPromisedDeliveries(() => Events.ForCounselor(counselorId));
        await worker.Follow();
        await counselor.Follow();

        var transcript = await Transcript(id);
        Assert.Equal(81, transcript.Count);
        Assert.Equal(transcript, worker.Shown);
        Assert.Equal(transcript, counselor.Shown);
        Assert.True(_faults.Dropped > 0 && _faults.Duplicated > 0 && _faults.Delayed > 0, $"dropped {_faults.Dropped}, doubled {_faults.Duplicated}, delayed {_faults.Delayed}");
        Assert.True(worker.GapsRepaired > 0 && counselor.GapsRepaired > 0);

        // Without the repair, the events alone miss every dropped message and show the doubled ones twice (the
        // first message came with the start, not as an event).
        var arrived = Events.ForWorker(id).Where(e => e.Name == "MessageReceived").Select(e => ((ChatMessage)e.Payload).Seq).ToList();
        Assert.Equal(_faults.Dropped, transcript.Select(m => m.Seq).Where(seq => seq > 1).Except(arrived).Count());
        Assert.True(arrived.Count > arrived.Distinct().Count());
    }

    [Fact]
    public async Task A_message_is_answered_while_its_delivery_is_held_and_later_ones_overtake_it()
    {
        var (id, counselorId) = await ActiveConversation("hello");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _decide = e => e?.Payload is ChatMessage { Seq: 2 } ? new DeliveryFault.Delay(gate.Task) : DeliveryFault.None;

        // Answered although its delivery has not even started: the grain's turn does not wait on web nodes.
        var held = await Conversation(id).PostWorkerMessage("are you there?", ClientIds.New());
        var next = await Conversation(id).PostWorkerMessage("hello?", ClientIds.New());
        await Events.WaitForCounselor<ChatMessage>(counselorId, "MessageReceived", m => m.Seq == next.Seq);
        gate.SetResult();
        await Events.WaitForCounselor<ChatMessage>(counselorId, "MessageReceived", m => m.Seq == held.Seq);

        var arrived = Events.ForCounselor(counselorId).Where(e => e.Name == "MessageReceived").Select(e => ((ChatMessage)e.Payload).Seq);
        Assert.Equal([next.Seq, held.Seq], arrived);
    }

    /// <summary>The conversation's messages as stored, paged through GetMessagesAfter.</summary>
    private async Task<List<ChatMessage>> Transcript(Guid id)
    {
        var messages = new List<ChatMessage>();
        ConversationTail tail;
        do
        {
            tail = await Conversation(id).GetMessagesAfter(messages.Count);
            messages.AddRange(tail.Messages);
        }
        while (messages.Count < tail.LastSeq);
        return messages;
    }

    private Task AllPromisedDeliveries(Func<IReadOnlyList<ClientEvent>> audience) => Events.WaitUntil(
        () => audience().Count(e => e.Name == "MessageReceived" && ((ChatMessage)e.Payload).Seq >= 2) >= _faults.Promised,
        "every delivery the faults let through has arrived");
}
