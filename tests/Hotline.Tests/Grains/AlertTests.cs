using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;

namespace Hotline.Tests.Grains;

/// <summary>What an alert tells a supervisor (who, when, which queue, why, the words), and the order open alerts come in.</summary>
public sealed class AlertTests : HotlineTestCluster
{
    [Fact]
    public async Task An_alert_names_the_counsellor_the_queue_the_time_the_reason_code_and_the_words_around_the_phrase()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        var raisedAt = Clock.GetUtcNow();
        await Conversation(conversationId).PostWorkerMessage("今天又加班到很晚，老板骂我，我真的不想活了，不知道还能找谁说", ClientIds.New());

        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == conversationId);
        Assert.Equal((RiskLevel.R3, AlertReasons.ScreeningMatched, raisedAt), (alert.RiskLevel, alert.Reason, alert.RaisedAt));
        Assert.Equal((counselorId, "Counsellor Li", "emotional.zh"), (alert.CounselorId, alert.CounselorName, alert.QueueName));
        Assert.Equal("不想活了", alert.Trigger?.Phrase);
        Assert.Equal("今天又加班到很晚，老板骂我，我真的不想活了，不知道还能找谁说", alert.Trigger?.Excerpt);
        Assert.Equal(alert, Assert.Single(await Supervision.GetOpenAlerts()));
    }

    [Fact]
    public async Task A_waiting_conversations_alert_has_no_counsellor_and_the_monitors_hear_the_risk_rise()
    {
        var (conversationId, _) = await StartChat("hello");
        await Conversation(conversationId).Monitor("supervisor-wang");
        await Conversation(conversationId).PostWorkerMessage("I have taken an overdose", ClientIds.New());

        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == conversationId);
        Assert.Equal((RiskLevel.R4, null, null, "emotional.zh"), (alert.RiskLevel, alert.CounselorId, alert.CounselorName, alert.QueueName));
        Assert.Equal("I have taken an overdose", alert.Trigger?.Excerpt);
        await Events.WaitForMonitors<RiskChanged>(conversationId, "RiskChanged", r => r.RiskLevel == RiskLevel.R4);
    }

    [Fact]
    public async Task Open_alerts_come_highest_risk_then_newest_and_an_escalated_r3_stays_with_its_conversations_newer_r4()
    {
        var (escalating, _) = await StartChat("我不想活了");
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == escalating);
        await Advance(TimeSpan.FromSeconds(61));
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == escalating && a.Urgent);
        var (other, _) = await StartChat("我想跳楼");
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == other);
        await Advance(TimeSpan.FromSeconds(5));
        await Conversation(escalating).PostWorkerMessage("我已经吃了药", ClientIds.New());
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == escalating && a.RiskLevel == RiskLevel.R4);

        var open = await Supervision.GetOpenAlerts();

        Assert.Equal([(escalating, RiskLevel.R4, false), (escalating, RiskLevel.R3, true), (other, RiskLevel.R3, false)],
            open.Select(a => (a.ConversationId, a.RiskLevel, a.Urgent)));
    }

    private ISupervisionGrain Supervision => Grains.GetGrain<ISupervisionGrain>(0);
}
