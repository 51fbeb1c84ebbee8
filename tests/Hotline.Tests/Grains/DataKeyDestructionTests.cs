using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Silo.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Grains;

/// <summary>
/// Deletion by key destruction: once a conversation's data key is destroyed, its state, its sealed message pages and
/// its archived record all read as gone, while every other conversation reads as before.
/// </summary>
public sealed class DataKeyDestructionTests : HotlineTestCluster
{
    [Fact]
    public async Task A_conversation_whose_data_key_is_destroyed_reads_as_gone_everywhere()
    {
        var (gone, counselorId) = await ActiveConversation("我需要帮助-将被销毁");
        // More than a page, so that sealed pages are stored under the conversation's key too.
        for (var i = 0; i < 60; i++)
            await Conversation(gone).PostWorkerMessage($"line {i}", ClientIds.New());
        await Conversation(gone).EndByCounselor(counselorId);
        await Conversation(gone).SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R1, "counselling", "wrap-up note"));
        Assert.Equal("我需要帮助-将被销毁", (await Grains.GetGrain<IArchiveGrain>(0).Read(gone, "supervisor-wang")).Messages[0].Text);
        var (kept, _) = await StartChat("another conversation");

        await Cluster.Silos.Single().ServiceProvider.GetRequiredService<IDataKeys>().Destroy(DataKeyIds.Conversation(gone));
        await RestartSilo();

        // The conversation grain starts with no record: it is a conversation nobody started.
        var refused = await Assert.ThrowsAsync<HotlineException>(() => Conversation(gone).GetMessagesAfter(0));
        Assert.Equal(RefusalCodes.ConversationUnknown, refused.Code);
        var archive = await Assert.ThrowsAsync<HotlineException>(() => Grains.GetGrain<IArchiveGrain>(0).Read(gone, "supervisor-wang"));
        Assert.Equal(RefusalCodes.ArchiveNotFound, archive.Code);
        Assert.Equal("another conversation", (await View(kept)).Messages[0].Text);
    }
}
