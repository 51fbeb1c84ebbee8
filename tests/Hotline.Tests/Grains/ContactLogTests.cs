using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;

namespace Hotline.Tests.Grains;

/// <summary>Ended conversations reach the day's contact log, once each, without text or worker key.</summary>
public sealed class ContactLogTests : HotlineTestCluster
{
    [Fact]
    public async Task A_closed_and_an_abandoned_conversation_are_facts_of_the_day_they_arrived_and_the_survey_replaces_the_first_fact()
    {
        var (left, _) = await StartChat("nobody came", topic: "work-career");
        await Advance(TimeSpan.FromSeconds(30));
        await Conversation(left).EndByWorker();

        var (answered, _) = await StartChat("我最近压力很大");
        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == answered);
        await Advance(TimeSpan.FromSeconds(12));
        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        await Advance(TimeSpan.FromSeconds(300));
        await Conversation(answered).EndByCounselor(counselorId);
        await Conversation(answered).SubmitWrapUp(counselorId, new WrapUp("work-career", RiskLevel.R2, "referral", "notes stay out of the log"));
        await Eventually(facts => facts.Any(f => f.ConversationId == answered));
        await Conversation(answered).SubmitSurvey(new Survey(4, true, "a comment stays out too"));

        var facts = await Eventually(facts => facts.Count == 2 && facts.Any(f => f.Rating == 4));
        var abandoned = facts.Single(f => f.ConversationId == left);
        Assert.Equal((ContactOutcome.Abandoned, Channel.Web, "work-career", null, null, null), (abandoned.Outcome, abandoned.Channel, abandoned.Topic, abandoned.Action, abandoned.SecondsToAnswer, abandoned.HandleSeconds));
        var closed = facts.Single(f => f.ConversationId == answered);
        Assert.Equal((ContactOutcome.Answered, "work-career", RiskLevel.R2, "referral"), (closed.Outcome, closed.Topic, closed.RiskLevel, closed.Action));
        Assert.Equal((12.0, 300.0, 4, true), (closed.SecondsToAnswer, closed.HandleSeconds, closed.Rating, closed.Helped));
        Assert.Equal(Clock.GetUtcNow().Date, closed.ArrivedAt.UtcDateTime.Date);
    }

    private IContactLogGrain Today => Grains.GetGrain<IContactLogGrain>(IContactLogGrain.KeyFor(Clock.GetUtcNow()));

    private Task<IReadOnlyList<ContactFact>> Eventually(Func<IReadOnlyList<ContactFact>, bool> shows) =>
        Tests.Eventually.Shows(() => Today.Facts(), shows, "The contact facts");
}
