using Hotline.Contracts;
using Hotline.Contracts.Lines;
using Hotline.Silo;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;

namespace Hotline.Tests.Lines;

public sealed class LineCatalogTests
{
    private static readonly LineCatalog Seeded = LineCatalog.LoadDefault();

    private static Line Line(string id, string? parent = null, IReadOnlyList<OpeningSpan>? hours = null, IReadOnlyList<DateOnly>? closedOn = null) =>
        new(id, id, id, "000000", parent, hours ?? [], closedOn ?? [], "Asia/Shanghai", 2, 60, [], null);

    [Fact]
    public void The_seeded_network_is_the_source_articles_lines_under_one_national_backup_line()
    {
        Assert.Equal("national", Seeded.Default.Id);
        Assert.Equal(12, Seeded.All.Count);
        Assert.Single(Seeded.All, line => line.Parent is null);
        Assert.Equal(["henan", "national"], Seeded.AncestorsOf("luoyang").Select(l => l.Id));
        Assert.Equal(["changsha", "hunan", "zhuzhou"], Seeded.Under("hunan").Select(l => l.Id).Order());
        Assert.True(Seeded.Covers("henan", "luoyang"));
        Assert.False(Seeded.Covers("henan", "qingdao"));
        Assert.False(Seeded.Covers("luoyang", "henan"));
    }

    [Fact]
    public void Every_referral_a_seeded_line_names_is_in_the_referrals_seed()
    {
        var referrals = Referrals.LoadDefault();
        Assert.All(Seeded.All.SelectMany(line => line.Referrals), id => Assert.NotNull(referrals.Find(id)));
    }

    [Fact]
    public void A_line_is_open_in_its_hours_in_its_own_time_zone_and_closed_on_its_holidays()
    {
        var daily = Line("city", hours: [new OpeningSpan(Enum.GetValues<DayOfWeek>(), TimeSpan.FromHours(8), TimeSpan.FromHours(22))],
            closedOn: [new DateOnly(2027, 2, 6)]);
        // 08:00 in Shanghai is 00:00 UTC.
        Assert.False(LineCatalog.IsOpen(daily, new DateTimeOffset(2027, 2, 4, 23, 59, 0, TimeSpan.Zero)));
        Assert.True(LineCatalog.IsOpen(daily, new DateTimeOffset(2027, 2, 5, 0, 0, 0, TimeSpan.Zero)));
        Assert.True(LineCatalog.IsOpen(daily, new DateTimeOffset(2027, 2, 5, 13, 59, 0, TimeSpan.Zero)));
        Assert.False(LineCatalog.IsOpen(daily, new DateTimeOffset(2027, 2, 5, 14, 0, 0, TimeSpan.Zero)));
        Assert.False(LineCatalog.IsOpen(daily, new DateTimeOffset(2027, 2, 6, 3, 0, 0, TimeSpan.Zero)));
        Assert.True(LineCatalog.IsOpen(Line("always"), new DateTimeOffset(2027, 2, 6, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_network_with_an_unknown_parent_a_loop_a_bad_id_or_an_unlisted_default_is_refused_at_start()
    {
        Assert.Throws<InvalidDataException>(() => new LineCatalog([Line("a", parent: "nowhere")], "a"));
        Assert.Throws<InvalidDataException>(() => new LineCatalog([Line("a", parent: "b"), Line("b", parent: "a")], "a"));
        Assert.Throws<InvalidDataException>(() => new LineCatalog([Line("Not An Id")], "Not An Id"));
        Assert.Throws<InvalidDataException>(() => new LineCatalog([Line("a"), Line("a")], "a"));
        Assert.Throws<InvalidDataException>(() => new LineCatalog([Line("a")], "b"));
    }

    [Fact]
    public void A_worker_s_unknown_line_is_refused_with_the_choices_and_none_is_the_default_line()
    {
        Assert.Equal("national", Seeded.Resolve(null).Id);
        var refused = Assert.Throws<HotlineException>(() => Seeded.Resolve("atlantis"));
        Assert.Equal(RefusalCodes.LineUnknown, refused.Code);
        Assert.Equal("national", Seeded.LineOf(null));
    }

    [Fact]
    public void The_default_line_s_queues_keep_their_names_and_another_line_s_are_prefixed_with_it()
    {
        var queues = QueueMap.LoadDefault(TopicCatalog.LoadDefault(), Seeded);
        Assert.Equal("work.zh", queues.QueueFor("national", "work-career", "zh"));
        Assert.Equal("luoyang/work.zh", queues.QueueFor("luoyang", "work-career", "zh"));
        Assert.Equal("luoyang/general", queues.QueueFor("luoyang", null, "zh"));
        Assert.Equal(("luoyang", "work.zh"), queues.Parse("luoyang/work.zh"));
        Assert.Equal(("national", "work.zh"), queues.Parse("work.zh"));
        Assert.Equal("zh", queues.LanguageOf("luoyang/work.zh"));
        Assert.Null(queues.LanguageOf("luoyang/general"));
        Assert.Equal(queues.TopicsOf("work.zh"), queues.TopicsOf("luoyang/work.zh"));
        // A transfer stays in the conversation's line, however the queue is named.
        Assert.Equal("luoyang/family.zh", queues.Find("luoyang", "family.zh"));
        Assert.Null(queues.Find("luoyang", "qingdao/family.zh"));
        Assert.Null(queues.Find("luoyang", "nowhere.zh"));
        Assert.All(queues.Of("qingdao"), name => Assert.StartsWith("qingdao/", name));
    }

    [Fact]
    public void What_a_waiting_worker_is_told_names_a_regional_service_only_at_the_line_that_names_it()
    {
        var referrals = Referrals.LoadDefault();
        Assert.Contains("（仅限北京）", referrals.LongWait("zh", false, Seeded.LocalReferrals("beijing")));
        Assert.DoesNotContain("北京市总工会", referrals.LongWait("zh", false, Seeded.LocalReferrals("luoyang")));
        Assert.DoesNotContain("北京市总工会", referrals.QueueFull("zh", Seeded.LocalReferrals("national")));
        Assert.Contains("12356", referrals.Unavailable("zh", Seeded.LocalReferrals("luoyang")));
        // A city's referrals are its own and its province's, and the national line's above them.
        Assert.Equal(["union-heart-station", "aid-line-12356"], Seeded.LocalReferrals("luoyang"));
    }
}
