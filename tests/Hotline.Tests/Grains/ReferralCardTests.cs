using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;

namespace Hotline.Tests.Grains;

public sealed class ReferralCardTests : HotlineTestCluster
{
    [Fact]
    public async Task A_referral_card_reaches_the_worker_as_a_system_message_in_the_conversations_language()
    {
        var (conversationId, counselorId) = await ActiveConversation();

        var sent = await Conversation(conversationId).SendReferral(counselorId, "aid-line-12356");

        var received = await Events.WaitForWorker<ChatMessage>(conversationId, "MessageReceived", m => m.Seq == sent.Seq);
        Assert.Equal(Sender.System, received.Sender);
        Assert.Equal("📞 全国心理援助热线 12356（24 小时）", received.Text);
        await Events.WaitForCounselor<ChatMessage>(counselorId, "MessageReceived", m => m.Seq == sent.Seq);
        Assert.Equal(received, (await View(conversationId)).Messages[^1]);
    }

    [Fact]
    public async Task An_english_conversation_gets_the_english_card()
    {
        var (conversationId, _) = await StartChat("I can't sleep", language: "en");
        var counselorId = await CounselorOnDuty(languages: ["en"]);
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == conversationId);
        await Counselor(counselorId).AcceptOffer(offer.OfferId);

        var sent = await Conversation(conversationId).SendReferral(counselorId, "police-110");

        var received = await Events.WaitForWorker<ChatMessage>(conversationId, "MessageReceived", m => m.Seq == sent.Seq);
        Assert.Equal("📞 110 Police", received.Text);
    }

    [Fact]
    public async Task Only_the_holding_counselor_can_send_a_card_and_only_a_known_one()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        var before = (await View(conversationId)).Messages.Count;

        var notYours = await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).SendReferral("counselor-someone-else", "aid-line-12356"));
        Assert.Contains("not yours", notYours.Message);
        var unknown = await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).SendReferral(counselorId, "no-such-card"));
        Assert.Contains("no referral card 'no-such-card'", unknown.Message);
        Assert.Contains("aid-line-12356", unknown.Message);

        Assert.Equal(before, (await View(conversationId)).Messages.Count);
    }

    [Fact]
    public async Task No_card_can_be_sent_once_the_conversation_has_ended()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Conversation(conversationId).EndByCounselor(counselorId);

        var refused = await Assert.ThrowsAsync<HotlineException>(() => Conversation(conversationId).SendReferral(counselorId, "aid-line-12356"));
        Assert.Contains("not active", refused.Message);
    }
}
