using System.Security.Claims;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Supervision;
using Hotline.Silo;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Hotline.Web.Auth;

namespace Hotline.IntegrationTests;

/// <summary>The rule behind every scoped read: which lines a token covers, and what of the live figures it sees.</summary>
public sealed class StaffScopeTests
{
    private static readonly LineCatalog Lines = LineCatalog.LoadDefault();
    private static readonly QueueMap Queues = QueueMap.LoadDefault(TopicCatalog.LoadDefault(), Lines);

    private static StaffScope Of(params string[] claims) =>
        StaffScope.Of(new ClaimsPrincipal(new ClaimsIdentity(claims.Select(c => c.Split('=')).Select(c => new Claim(c[0], c[1])), "test", "name", "role")), Lines);

    [Fact]
    public void A_province_covers_its_cities_a_city_only_itself_and_an_admin_the_network()
    {
        var hunan = Of("line=hunan");
        Assert.True(hunan.Covers("zhuzhou"));
        Assert.True(hunan.Covers("hunan"));
        Assert.False(hunan.Covers("qingdao"));
        Assert.False(hunan.Covers(null));
        var changsha = Of("line=changsha");
        Assert.False(changsha.Covers("zhuzhou"));
        Assert.False(changsha.Covers("hunan"));
        Assert.True(Of("role=admin", "line=changsha").Covers("qingdao"));
        // A token from before lines names none: the default line, the national one, which is above every line.
        Assert.True(Of().Covers("zhuzhou"));
        Assert.True(Of().Covers(null));
    }

    [Fact]
    public void Live_figures_keep_only_the_queues_counsellors_and_conversations_of_the_reader_s_lines()
    {
        var at = new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);
        var snapshot = new StatsSnapshot(at,
            [new QueueFigures("changsha/work.zh", 1, 5, 0, 0, 0), new QueueFigures("zhuzhou/work.zh", 2, 9, 0, 0, 0), new QueueFigures("work.zh", 3, 1, 0, 0, 0)],
            new Dictionary<string, int> { ["Available"] = 2, ["Busy"] = 1, ["Away"] = 0, ["Offline"] = 0 },
            [new CounselorFigures("a", "A", "Available", 0, 1, ["changsha"]), new CounselorFigures("b", "B", "Busy", 1, 1, ["zhuzhou"]), new CounselorFigures("c", "C", "Available", 0, 1)],
            [new ActiveConversationFigures(Guid.NewGuid(), "work-career", RiskLevel.R1, at, 0, "b", "B", "zhuzhou")],
            new TodayFigures(0, 0, 0, null, 20, null, null, null), new StaffingFigures(0, 0, 0, 0.8, 0, 0), []);

        var changsha = Of("line=changsha").Filter(snapshot, Queues);
        Assert.Equal(["changsha/work.zh"], changsha.Queues.Select(q => q.Queue));
        Assert.Equal(["a"], changsha.Counselors.Select(c => c.CounselorId));
        Assert.Empty(changsha.ActiveConversations);
        Assert.Equal(1, changsha.CounselorsByPresence["Available"]);
        Assert.Equal(0, changsha.CounselorsByPresence["Busy"]);

        var hunan = Of("line=hunan").Filter(snapshot, Queues);
        Assert.Equal(["changsha/work.zh", "zhuzhou/work.zh"], hunan.Queues.Select(q => q.Queue));
        Assert.Single(hunan.ActiveConversations);
        Assert.Same(snapshot, Of("role=admin").Filter(snapshot, Queues));
    }

    [Fact]
    public void An_alert_of_another_line_is_not_for_the_reader_and_other_events_pass()
    {
        var alert = new Hotline.Contracts.Supervision.Alert(Guid.NewGuid(), Guid.NewGuid(), RiskLevel.R3, AlertReasons.ScreeningMatched, DateTimeOffset.UnixEpoch, false, 0, null, null, null, Line: "zhuzhou");
        Assert.Null(Of("line=changsha").Filter(alert, Queues));
        Assert.Same(alert, Of("line=hunan").Filter(alert, Queues));
        Assert.Equal("other", Of("line=changsha").Filter("other", Queues));
    }
}
