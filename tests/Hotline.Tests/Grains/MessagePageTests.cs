using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Silo.Grains;
using Hotline.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Tests.Grains;

/// <summary>
/// A conversation's messages are stored in pages, so a new message rewrites only the open page. Every message must
/// still be there, once and in order, after a restart; and retention must delete the pages with the conversation.
/// </summary>
public sealed class MessagePageTests : HotlineTestCluster
{
    [Fact]
    public async Task A_long_conversation_keeps_every_message_in_order_across_a_restart()
    {
        var (id, counselorId) = await ActiveConversation("hello");
        for (var i = 1; i <= 120; i++)
        {
            if (i % 2 == 0)
                await Conversation(id).PostCounselorMessage(counselorId, $"counsellor {i}", ClientIds.New());
            else
                await Conversation(id).PostWorkerMessage($"worker {i}", ClientIds.New());
        }
        var expected = new[] { "hello" }.Concat(Enumerable.Range(1, 120).Select(i => i % 2 == 0 ? $"counsellor {i}" : $"worker {i}")).ToList();
        Assert.Equal(expected, (await View(id)).Messages.Select(m => m.Text));
        // 121 messages: two sealed pages of 50, and 21 in the open page.
        Assert.Equal(2, StoredPages(id));

        await RestartSilo();

        var view = await View(id);
        Assert.Equal(expected, view.Messages.Select(m => m.Text));
        Assert.Equal(Enumerable.Range(1, 121).Select(i => (long)i), view.Messages.Select(m => m.Seq));
        var next = await Conversation(id).PostWorkerMessage("after the restart", ClientIds.New());
        Assert.Equal(122, next.Seq);
    }

    [Fact]
    public async Task GetMessagesAfter_pages_through_a_long_conversation_200_at_a_time_and_a_view_holds_the_newest_200()
    {
        var (id, _) = await ActiveConversation("hello");
        for (var i = 2; i <= 251; i++)
            await Conversation(id).PostWorkerMessage($"line {i}", ClientIds.New());
        // A fresh activation has only the open page in memory: the rest comes from the sealed pages in storage.
        await RestartSilo();

        var first = await Conversation(id).GetMessagesAfter(0);
        Assert.Equal((ConversationStatus.Active, 251L, "Counsellor Li"), (first.Status, first.LastSeq, first.CounselorName));
        Assert.Equal(Seqs(1, 200), first.Messages.Select(m => m.Seq));
        Assert.Equal(Seqs(201, 251), (await Conversation(id).GetMessagesAfter(200)).Messages.Select(m => m.Seq));
        Assert.Equal(Seqs(38, 237), (await Conversation(id).GetMessagesAfter(37)).Messages.Select(m => m.Seq));
        Assert.Equal("line 238", (await Conversation(id).GetMessagesAfter(237)).Messages[0].Text);
        Assert.Empty((await Conversation(id).GetMessagesAfter(251)).Messages);
        var beyond = await Conversation(id).GetMessagesAfter(1000);
        Assert.Empty(beyond.Messages);
        Assert.Equal(251, beyond.LastSeq);
        Assert.Equal("afterSeq must be 0 or more.", (await Assert.ThrowsAsync<HotlineException>(() => Conversation(id).GetMessagesAfter(-1))).Message);
        Assert.Equal(Seqs(52, 251), (await View(id)).Messages.Select(m => m.Seq));
    }

    private static IEnumerable<long> Seqs(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => (long)i);

    [Fact]
    public async Task Retention_deletes_a_conversations_pages_with_it()
    {
        var (id, counselorId) = await ActiveConversation("hello");
        for (var i = 0; i < 60; i++)
            await Conversation(id).PostWorkerMessage($"line {i}", ClientIds.New());
        await Conversation(id).EndByCounselor(counselorId);
        await Conversation(id).SubmitWrapUp(counselorId, new WrapUp("emotional", Hotline.Contracts.Conversations.RiskLevel.R0, "counselling", null));
        Assert.Equal(1, StoredPages(id));

        await Advance(TimeSpan.FromDays(1100));
        Assert.Equal(1, await Grains.GetGrain<IRetentionGrain>(0).Run());

        Assert.Equal(0, StoredPages(id));
    }

    [Fact]
    public async Task A_page_left_behind_by_a_crash_is_overwritten_by_the_next_seal()
    {
        var storage = new SqliteGrainStorage(new SqliteDatabase(Path.Combine(Path.GetDirectoryName(DatabasePath)!, "pages.db")), Serializer());
        var grainId = GrainId.Create("conversation", Guid.NewGuid().ToString("N"));
        var conversationId = Guid.NewGuid();
        ChatMessage Message(int seq) => new(conversationId, seq, Sender.Worker, $"m{seq}", DateTimeOffset.UnixEpoch);
        // A seal that wrote page 0 but crashed before the state counting it was stored.
        await storage.WriteStateAsync("conversation-messages-0", grainId, new GrainState<MessagePage>(new MessagePage { Messages = [Message(999)] }));
        var state = new ConversationState { Messages = [.. Enumerable.Range(1, ConversationMessages.PageSize).Select(Message)] };
        var messages = new ConversationMessages(storage, grainId);

        await messages.Append(state, Message(ConversationMessages.PageSize + 1));

        Assert.Equal(1, state.SealedPages);
        var reloaded = new ConversationMessages(storage, grainId);
        Assert.Equal(Enumerable.Range(1, ConversationMessages.PageSize + 1).Select(i => (long)i), (await reloaded.All(state)).Select(m => m.Seq));
    }

    private int StoredPages(Guid conversationId)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE state_name LIKE 'conversation-messages-%' AND grain_id LIKE $id";
        command.Parameters.AddWithValue("$id", $"%{conversationId:N}%");
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static OrleansGrainStorageSerializer Serializer() => new(new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(MessagePage).Assembly).AddAssembly(typeof(ChatMessage).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>());
}
