using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;
using Hotline.Contracts.Workers;
using Hotline.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;

namespace Hotline.Tests.Grains;

/// <summary>
/// What an alert tells a supervisor (who, when, which queue, why, the words), the order open alerts come in, and
/// where they are kept: with the conversation's line, alerts stored for the whole network taken over after an upgrade.
/// </summary>
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

    [Fact]
    public async Task An_alert_is_kept_and_acknowledged_at_its_conversation_s_line_and_no_other()
    {
        var conversationId = Guid.NewGuid();
        await Grains.GetGrain<IWorkerGrain>(Guid.NewGuid().ToString("N"))
            .StartChat(conversationId, Channel.Web, "emotional", "zh", "我不想活了", PrivacyNotice.Version, line: "luoyang");

        var alert = await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.ConversationId == conversationId);
        Assert.Equal(alert, Assert.Single(await Line("luoyang").GetOpenAlerts()));
        Assert.Empty(await Line("henan").GetOpenAlerts());
        Assert.Empty(await Supervision.GetOpenAlerts());
        await Assert.ThrowsAsync<HotlineException>(() => Line("henan").Acknowledge(alert.AlertId, "supervisor-wang"));

        await Line("luoyang").Acknowledge(alert.AlertId, "supervisor-wang");
        Assert.Empty(await Line("luoyang").GetOpenAlerts());
    }

    [Fact]
    public async Task Open_alerts_stored_for_the_whole_network_go_on_escalating_at_their_lines_after_an_upgrade()
    {
        // As the previous version stored them: one grain, key 0, an alert from before lines (no line) and a Luoyang one.
        var raisedAt = Clock.GetUtcNow();
        var beforeLines = new Alert(Guid.NewGuid(), Guid.NewGuid(), RiskLevel.R3, AlertReasons.ScreeningMatched, raisedAt, false, 0, null, null, null);
        var luoyang = beforeLines with { AlertId = Guid.NewGuid(), ConversationId = Guid.NewGuid(), RiskLevel = RiskLevel.R4, Line = "luoyang" };
        var storage = Cluster.Silos.Single().ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var network = GrainId.Create(GrainType.Create("supervision"), GrainIdKeyExtensions.CreateIntegerKey(0));
        await storage.WriteStateAsync("supervision", network, new GrainState<SupervisionState>(new SupervisionState { Open = [beforeLines, luoyang] }));

        Assert.Equal([beforeLines.AlertId], (await Supervision.GetOpenAlerts()).Select(a => a.AlertId));
        Assert.Equal([luoyang.AlertId], (await Line("luoyang").GetOpenAlerts()).Select(a => a.AlertId));
        var left = new GrainState<SupervisionState>();
        await storage.ReadStateAsync("supervision", network, left);
        Assert.False(left.RecordExists);

        await Advance(TimeSpan.FromSeconds(61));
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.AlertId == beforeLines.AlertId && a.Urgent);
        await Events.WaitForSupervisors<Alert>("AlertRaised", a => a.AlertId == luoyang.AlertId && a.Urgent);
        await Line("luoyang").Acknowledge(luoyang.AlertId, "supervisor-wang");
    }

    private ISupervisionGrain Supervision => Grains.GetGrain<ISupervisionGrain>("national");

    private ISupervisionGrain Line(string line) => Grains.GetGrain<ISupervisionGrain>(line);
}
