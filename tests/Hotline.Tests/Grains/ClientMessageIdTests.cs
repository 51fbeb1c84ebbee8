using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Silo;

namespace Hotline.Tests.Grains;

/// <summary>
/// A page resends a message whose answer it never got with the same client id. The conversation stores it once and
/// answers with the seq it was first given, also after a restart and after the conversation ended; it remembers the
/// ids of its last 500 messages, read back from the stored messages after a restart.
/// </summary>
public sealed class ClientMessageIdTests : HotlineTestCluster
{
    private const string NeedsId = "Each message needs its own id from the page (1–64 letters, digits, '-' or '_'). Reload the page and send it again.";

    [Fact]
    public async Task A_retried_send_is_stored_once_and_answered_with_its_first_seq_even_after_a_restart()
    {
        var (id, counselorId) = await ActiveConversation("hello");
        var workerId = ClientIds.New();
        var counselorMessageId = ClientIds.New();

        var first = await Conversation(id).PostWorkerMessage("I am scared", workerId);
        var retried = await Conversation(id).PostWorkerMessage("I am scared", workerId);
        var fromCounselor = await Conversation(id).PostCounselorMessage(counselorId, "I am here", counselorMessageId);
        Assert.Equal(first, retried);
        Assert.Equal(workerId, first.ClientMessageId);
        await EventsDelivered();
        Assert.Single(Events.ForCounselor(counselorId), e => e.Payload is ChatMessage { Seq: 2 });

        await RestartSilo();

        Assert.Equal(first.Seq, (await Conversation(id).PostWorkerMessage("I am scared", workerId)).Seq);
        Assert.Equal(fromCounselor.Seq, (await Conversation(id).PostCounselorMessage(counselorId, "I am here", counselorMessageId)).Seq);
        await Conversation(id).EndByCounselor(counselorId);
        // The answer to the last send was lost as the conversation ended: the retry still gets its seq.
        Assert.Equal(first.Seq, (await Conversation(id).PostWorkerMessage("I am scared", workerId)).Seq);
        var stored = (await Conversation(id).GetMessagesAfter(0)).Messages;
        Assert.Equal(["hello", "I am scared", "I am here"], stored.Select(m => m.Text));
    }

    [Fact]
    public async Task Different_ids_store_twice_and_one_sides_id_never_stands_for_the_others_message()
    {
        var (id, counselorId) = await ActiveConversation("hello");
        var shared = ClientIds.New();

        var a = await Conversation(id).PostWorkerMessage("same words", ClientIds.New());
        var b = await Conversation(id).PostWorkerMessage("same words", ClientIds.New());
        var fromWorker = await Conversation(id).PostWorkerMessage("mine", shared);
        var fromCounselor = await Conversation(id).PostCounselorMessage(counselorId, "mine too", shared);

        Assert.Equal([2L, 3L, 4L, 5L], new[] { a.Seq, b.Seq, fromWorker.Seq, fromCounselor.Seq });
        Assert.Equal(5, (await Conversation(id).GetMessagesAfter(0)).LastSeq);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("<script>")]
    [InlineData("ünïcode")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_bad_id_is_refused_in_plain_words_and_nothing_is_stored(string? badId)
    {
        var (id, counselorId) = await ActiveConversation("hello");

        Assert.Equal(NeedsId, (await Assert.ThrowsAsync<HotlineException>(() => Conversation(id).PostWorkerMessage("hi", badId!))).Message);
        Assert.Equal(NeedsId, (await Assert.ThrowsAsync<HotlineException>(() => Conversation(id).PostCounselorMessage(counselorId, "hi", badId!))).Message);

        Assert.Equal(1, (await Conversation(id).GetMessagesAfter(0)).LastSeq);
    }

    [Fact]
    public async Task The_longest_valid_id_is_taken()
    {
        var (id, _) = await ActiveConversation("hello");
        var longest = new string('a', 31) + "-_" + new string('Z', 31);

        Assert.Equal(2, (await Conversation(id).PostWorkerMessage("hi", longest)).Seq);
    }

    [Fact]
    public async Task After_a_restart_ids_are_read_back_from_sealed_pages_too_and_the_window_still_ends_at_500()
    {
        var (id, _) = await ActiveConversation("hello");
        var ids = Enumerable.Range(0, ClientMessageIds.Remembered + 1).Select(_ => ClientIds.New()).ToList();
        foreach (var (clientId, i) in ids.Select((clientId, i) => (clientId, i)))
            await Conversation(id).PostWorkerMessage($"line {i}", clientId);

        await RestartSilo();

        // Seq 3 is in the first sealed page, and still among the last 500 messages (seqs 3 to 502).
        Assert.Equal(3, (await Conversation(id).PostWorkerMessage("line 1", ids[1])).Seq);
        Assert.Equal(502, (await Conversation(id).PostWorkerMessage("line 500", ids[^1])).Seq);
        Assert.Equal(503, (await Conversation(id).PostWorkerMessage("line 0", ids[0])).Seq);
    }

    [Fact]
    public async Task Only_the_last_500_ids_are_remembered()
    {
        var (id, _) = await ActiveConversation("hello");
        var oldest = ClientIds.New();
        var kept = ClientIds.New();
        await Conversation(id).PostWorkerMessage("oldest", oldest);
        await Conversation(id).PostWorkerMessage("kept", kept);
        for (var i = 0; i < ClientMessageIds.Remembered - 1; i++)
            await Conversation(id).PostWorkerMessage($"line {i}", ClientIds.New());

        Assert.Equal(3, (await Conversation(id).PostWorkerMessage("kept", kept)).Seq);
        // Forgotten: so old a retry no page makes; it counts as a new message.
        Assert.Equal(503, (await Conversation(id).PostWorkerMessage("oldest", oldest)).Seq);
    }
}
