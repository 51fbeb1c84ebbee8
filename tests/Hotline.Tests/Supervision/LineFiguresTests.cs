using Hotline.Contracts.Supervision;
using Hotline.Silo;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

/// <summary>The live figures by line, on the seeded network: each line's own, and a province's rolled up over its cities.</summary>
public sealed class LineFiguresTests
{
    private static readonly LineCatalog Lines = LineCatalog.LoadDefault();
    private static readonly LineFigures Figures = new(Lines, QueueMap.LoadDefault(TopicCatalog.LoadDefault(), Lines));

    // Friday noon in Shanghai: every seeded line is open.
    private static readonly DateTimeOffset Noon = new(2027, 2, 5, 4, 0, 0, TimeSpan.Zero);
    // Midnight in Shanghai: Luoyang (08:00–22:00) and Henan (06:00–24:00) are closed, Beijing (around the clock) open.
    private static readonly DateTimeOffset Midnight = new(2027, 2, 5, 16, 0, 0, TimeSpan.Zero);

    private static StatsSnapshot Snapshot(DateTimeOffset at) => new(
        at,
        [
            new QueueFigures("luoyang/work.zh", Waiting: 2, LongestWaitSeconds: 40, Offered: 0, AnsweredToday: 3, AbandonedToday: 1),
            new QueueFigures("luoyang/general", Waiting: 1, LongestWaitSeconds: 70, Offered: 0, AnsweredToday: 0, AbandonedToday: 0),
            new QueueFigures("henan/work.zh", Waiting: 0, LongestWaitSeconds: 0, Offered: 0, AnsweredToday: 1, AbandonedToday: 0),
            new QueueFigures("work.zh", Waiting: 0, LongestWaitSeconds: 0, Offered: 0, AnsweredToday: 0, AbandonedToday: 0),
        ],
        new Dictionary<string, int>(),
        [
            new CounselorFigures("a", "A", "Available", 0, 1, ["luoyang"]),
            new CounselorFigures("b", "B", "Busy", 1, 1, ["luoyang", "henan"]),
            new CounselorFigures("c", "C", "Away", 0, 1, ["luoyang"]),
            // From before lines: the default line's.
            new CounselorFigures("d", "D", "Available", 0, 1),
            new CounselorFigures("e", "E", "Offline", 0, 1, ["henan"]),
        ],
        [],
        new TodayFigures(0, 0, 0, null, 20, null, null, null),
        new StaffingFigures(0, 0, 1, 0.8, 0, 0),
        [],
        [
            // Luoyang: 3 answered (1 by Henan as backup) in 10 s on average, 1 abandoned; Henan: 1 of its own in 30 s.
            new LineDayFigures("luoyang", Answered: 3, AnsweredInLine: 2, AnsweredByBackup: 1, Abandoned: 1, AverageSpeedToAnswerSeconds: 10, HoursBelowMinimumSeats: 2),
            new LineDayFigures("henan", Answered: 1, AnsweredInLine: 1, AnsweredByBackup: 0, Abandoned: 0, AverageSpeedToAnswerSeconds: 30, HoursBelowMinimumSeats: 5),
        ]);

    [Fact]
    public void A_city_s_figures_are_its_own_queues_and_its_counsellors_on_duty()
    {
        var luoyang = Figures.Of(Snapshot(Noon)).Single(l => l.Id == "luoyang");
        Assert.Equal(("洛阳市总工会职工心理援助热线", "henan", 2), (luoyang.Zh, luoyang.Parent, luoyang.MinimumSeats));
        Assert.Equal((3, 70, 2, 3, 1), (luoyang.Waiting, luoyang.LongestWaitSeconds, luoyang.OnDuty, luoyang.AnsweredToday, luoyang.AbandonedToday));
        Assert.Equal(0.75, luoyang.AnswerRate);
        Assert.True(luoyang.OpenNow);
        Assert.False(luoyang.BelowMinimumSeats);
        Assert.Null(luoyang.RolledUp);
        Assert.Equal((2.0 / 3, 1, 10.0, 2), (luoyang.InLineAnswerRate!.Value, luoyang.AnsweredByBackup, luoyang.AverageSpeedToAnswerSeconds!.Value, luoyang.HoursBelowMinimumSeats));
    }

    [Fact]
    public void A_province_s_own_figures_leave_its_cities_out_and_its_rolled_up_figures_count_each_counsellor_once()
    {
        var henan = Figures.Of(Snapshot(Noon)).Single(l => l.Id == "henan");
        Assert.Equal((0, 0, 1, 1, 0), (henan.Waiting, henan.LongestWaitSeconds, henan.OnDuty, henan.AnsweredToday, henan.AbandonedToday));
        Assert.Equal(1, henan.AnswerRate);
        Assert.True(henan.BelowMinimumSeats);
        Assert.Equal((1.0, 0, 30.0, 5), (henan.InLineAnswerRate!.Value, henan.AnsweredByBackup, henan.AverageSpeedToAnswerSeconds!.Value, henan.HoursBelowMinimumSeats));
        // Rolled up: 3 of 4 answered by the contact's own line, 15 s on average ((3 × 10 + 30) / 4), 7 line-hours short.
        Assert.Equal(new LineTotals(3, 70, 2, 4, 1, 0.8, 0.75, 1, 15, 7), henan.RolledUp);

        var national = Figures.Of(Snapshot(Noon)).Single(l => l.Id == "national");
        Assert.Equal(1, national.OnDuty);
        Assert.Equal(new LineTotals(3, 70, 3, 4, 1, 0.8, 0.75, 1, 15, 7), national.RolledUp);
    }

    [Fact]
    public void Every_line_is_listed_in_the_network_s_order_and_one_with_no_contact_yet_has_no_answer_rate()
    {
        var all = Figures.Of(Snapshot(Noon));
        Assert.Equal(Lines.All.Select(l => l.Id), all.Select(l => l.Id));
        var qingdao = all.Single(l => l.Id == "qingdao");
        Assert.Equal((0, 0, 0, 0), (qingdao.Waiting, qingdao.OnDuty, qingdao.AnsweredToday, qingdao.AbandonedToday));
        Assert.Null(qingdao.AnswerRate);
        Assert.Null(qingdao.InLineAnswerRate);
        Assert.Null(qingdao.AverageSpeedToAnswerSeconds);
        Assert.True(qingdao.BelowMinimumSeats);
    }

    [Fact]
    public void A_closed_line_is_never_below_its_minimum_seats()
    {
        var all = Figures.Of(Snapshot(Midnight));
        Assert.All(all.Where(l => l.Id is "luoyang" or "henan"), l => Assert.False(l.OpenNow || l.BelowMinimumSeats));
        var beijing = all.Single(l => l.Id == "beijing");
        Assert.True(beijing.OpenNow && beijing.BelowMinimumSeats);
    }
}
