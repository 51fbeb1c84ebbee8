using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;
using Hotline.Contracts.Workers;

namespace Hotline.Tests.Grains;

/// <summary>A returning worker's earlier conversations, for the counsellor who holds the new one: read-only, audited.</summary>
public sealed class CaseHistoryTests : HotlineTestCluster
{
    [Fact]
    public async Task The_counsellor_of_a_returning_worker_sees_the_earlier_wrap_up_and_the_read_is_audited()
    {
        var (first, workerKey) = await StartChat("第一次来");
        var earlierCounselor = await CounselorOnDuty(name: "陈老师");
        var offer = await Events.WaitForCounselor<OfferReceived>(earlierCounselor, "OfferReceived", o => o.ConversationId == first);
        await Counselor(earlierCounselor).AcceptOffer(offer.OfferId);
        await Conversation(first).EndByCounselor(earlierCounselor);
        await Conversation(first).SubmitWrapUp(earlierCounselor, new WrapUp("emotional", RiskLevel.R2, "counselling", "Sleeps badly since the layoffs; agreed to call back."));
        await Counselor(earlierCounselor).SetPresence(Presence.Offline);

        var second = Guid.NewGuid();
        await Grains.GetGrain<IWorkerGrain>(workerKey).StartChat(second, Channel.Web, "emotional", "zh", "我又来了", PrivacyNotice.Version);
        var counselor = await CounselorOnDuty(name: "王老师");
        var again = await Events.WaitForCounselor<OfferReceived>(counselor, "OfferReceived", o => o.ConversationId == second);
        await Counselor(counselor).AcceptOffer(again.OfferId);

        var earlier = Assert.Single(await Grains.GetGrain<ICaseHistoryGrain>(0).EarlierThan(second, counselor));

        Assert.Equal((first, RiskLevel.R2, "counselling", "陈老师"), (earlier.ConversationId, earlier.RiskLevel, earlier.Action, earlier.CounselorName));
        Assert.Equal("Sleeps badly since the layoffs; agreed to call back.", earlier.Notes);
        Assert.Contains(await Grains.GetGrain<IAuditLogGrain>(0).For(second), e => e.Actor == counselor && e.Action == AuditActions.EarlierConversationsRead);
        var refused = await Assert.ThrowsAsync<HotlineException>(() => Grains.GetGrain<ICaseHistoryGrain>(0).EarlierThan(second, earlierCounselor));
        Assert.Contains("not yours", refused.Message);
        Assert.DoesNotContain(await Grains.GetGrain<IAuditLogGrain>(0).For(second), e => e.Actor == earlierCounselor);
    }

    [Fact]
    public async Task A_first_conversation_has_no_earlier_ones()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        Assert.Empty(await Grains.GetGrain<ICaseHistoryGrain>(0).EarlierThan(conversationId, counselorId));
    }
}
