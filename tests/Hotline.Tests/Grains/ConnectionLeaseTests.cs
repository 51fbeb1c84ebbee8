using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;

namespace Hotline.Tests.Grains;

/// <summary>
/// Connections are held on leases that their web node renews (45 s here, renewed every 15 s): a dead web node never
/// says its pages closed, and a silo crash wipes what a grain knew about who is connected.
/// </summary>
public sealed class ConnectionLeaseTests : HotlineTestCluster
{
    private static readonly TimeSpan RenewalPeriod = TimeSpan.FromSeconds(15);

    // Lapsed at the first lease check past 45 s, then 10 s of grace: a second of slack for the timer chain.
    private static readonly TimeSpan LatestGone = TimeSpan.FromSeconds(45 + 15 + 10 + 1);

    [Fact]
    public async Task A_counselor_whose_web_node_keeps_renewing_stays_on_duty_through_many_leases()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Counselor(counselorId).Connected("page-1");

        for (var i = 0; i < 12; i++)
        {
            await Advance(RenewalPeriod);
            await Counselor(counselorId).Connected("page-1");
        }

        Assert.Equal(Presence.Available, (await Counselor(counselorId).GetStatus()).Presence);
        Assert.Equal(ConversationStatus.Active, (await View(conversationId)).Status);
    }

    [Fact]
    public async Task A_counselor_whose_web_node_died_goes_offline_after_the_lease_and_the_grace_and_their_conversation_returns_to_the_queue()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Counselor(counselorId).Connected("page-on-dead-node");

        var gone = await AdvanceUntil(async () => (await Counselor(counselorId).GetStatus()).Presence == Presence.Offline, LatestGone, "Going offline");

        Assert.True(gone >= TimeSpan.FromSeconds(45 + 10), $"Offline after only {gone.TotalSeconds} s: the lease and the grace were not both given.");
        Assert.Equal(ConversationStatus.Queued, (await View(conversationId)).Status);
        Assert.Equal(1, (await Queue().GetStatus(conversationId))!.Position);
    }

    [Fact]
    public async Task A_waiting_worker_whose_web_node_died_is_abandoned_after_the_lease_and_the_grace()
    {
        var (conversationId, _) = await StartChat("hello");
        await Conversation(conversationId).WorkerConnected("tab-on-dead-node");

        var gone = await AdvanceUntil(async () => (await View(conversationId)).Status == ConversationStatus.Abandoned, LatestGone, "Abandoning");

        Assert.True(gone >= TimeSpan.FromSeconds(45 + 10), $"Abandoned after only {gone.TotalSeconds} s: the lease and the grace were not both given.");
        await Events.WaitForWorker<ChatEnded>(conversationId, "ChatEnded", e => e.Reason == EndReasons.WorkerDisconnected);
        Assert.Null(await Queue().GetStatus(conversationId));
    }

    [Fact]
    public async Task After_a_silo_restart_a_renewed_counselor_is_still_on_duty_and_the_new_queue_offers_to_them()
    {
        var counselorId = await CounselorOnDuty();
        await Counselor(counselorId).Connected("page-1");

        await RestartSilo();
        await Counselor(counselorId).Connected("page-1");
        var (conversationId, _) = await StartChat("are you still there?");

        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == conversationId);
        Assert.Equal(Presence.Available, (await Counselor(counselorId).GetStatus()).Presence);
        Assert.Equal(ConversationStatus.Active, (await Counselor(counselorId).AcceptOffer(offer.OfferId)).Status);
    }

    [Fact]
    public async Task After_a_silo_restart_a_counselor_nobody_renews_goes_offline_and_their_conversation_returns_to_the_queue()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Counselor(counselorId).Connected("page-on-dead-node");

        await RestartSilo();
        Assert.Equal(Presence.Available, (await Counselor(counselorId).GetStatus()).Presence);
        var gone = await AdvanceUntil(async () => (await Counselor(counselorId).GetStatus()).Presence == Presence.Offline, LatestGone, "Going offline");

        Assert.True(gone >= TimeSpan.FromSeconds(45 + 10), $"Offline after only {gone.TotalSeconds} s: pages were not given a lease to come back.");
        Assert.Equal(ConversationStatus.Queued, (await View(conversationId)).Status);
    }
}
