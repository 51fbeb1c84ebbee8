using System.Text.Json;
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
        Assert.Throws<InvalidDataException>(() => new LineCatalog([Line("a"), Line("b")], "a"));
    }

    public static TheoryData<string, string> WrongLines => new()
    {
        { "bad-id", RefusalCodes.LineBadId },
        { "no-name", RefusalCodes.LineBadName },
        { "long-name", RefusalCodes.LineBadName },
        { "bad-region", RefusalCodes.LineBadRegion },
        { "unknown-parent", RefusalCodes.LineUnknownParent },
        { "own-ancestor", RefusalCodes.LineOwnAncestor },
        { "second-root", RefusalCodes.LineNotOneRoot },
        { "open-after-close", RefusalCodes.LineBadHours },
        { "no-days", RefusalCodes.LineBadHours },
        { "too-many-closed-days", RefusalCodes.LineBadClosedDay },
        { "unknown-time-zone", RefusalCodes.LineUnknownTimeZone },
        { "too-many-seats", RefusalCodes.LineBadSeats },
        { "negative-backup-wait", RefusalCodes.LineBadBackupWait },
        { "long-backup-wait", RefusalCodes.LineBadBackupWait },
        { "bad-referral", RefusalCodes.LineBadReferral },
        { "too-many-referrals", RefusalCodes.LineBadReferral },
        { "bad-phone", RefusalCodes.LineBadPhone },
    };

    [Theory]
    [MemberData(nameof(WrongLines))]
    public void An_edit_that_breaks_a_rule_of_the_network_is_refused_with_its_code(string wrong, string code)
    {
        var luoyang = Seeded.Find("luoyang")!;
        var line = wrong switch
        {
            "bad-id" => luoyang with { Id = "Luo Yang" },
            "no-name" => luoyang with { En = " " },
            "long-name" => luoyang with { Zh = new string('洛', LineCatalog.MaxNameLength + 1) },
            "bad-region" => luoyang with { Region = "4103" },
            "unknown-parent" => luoyang with { Parent = "atlantis" },
            "own-ancestor" => Seeded.Find("henan")! with { Parent = "luoyang" },
            "second-root" => luoyang with { Parent = null },
            "open-after-close" => luoyang with { Hours = [new OpeningSpan([DayOfWeek.Monday], TimeSpan.FromHours(22), TimeSpan.FromHours(8))] },
            "no-days" => luoyang with { Hours = [new OpeningSpan([], TimeSpan.FromHours(8), TimeSpan.FromHours(22))] },
            "too-many-closed-days" => luoyang with { ClosedOn = [.. Enumerable.Range(0, LineCatalog.MaxClosedDays + 1).Select(d => new DateOnly(2027, 1, 1).AddDays(d))] },
            "unknown-time-zone" => luoyang with { TimeZone = "Asia/Luoyang" },
            "too-many-seats" => luoyang with { MinimumSeats = LineCatalog.MaxSeats + 1 },
            "negative-backup-wait" => luoyang with { BackupAfterSeconds = -1 },
            "long-backup-wait" => luoyang with { BackupAfterSeconds = LineCatalog.MaxBackupAfterSeconds + 1 },
            "bad-referral" => luoyang with { Referrals = ["Heart Station"] },
            "too-many-referrals" => luoyang with { Referrals = [.. Enumerable.Range(0, LineCatalog.MaxReferrals + 1).Select(n => $"r{n}")] },
            "bad-phone" => luoyang with { PhoneNumber = "0379-1234567" },
            _ => throw new ArgumentOutOfRangeException(nameof(wrong)),
        };
        var replaced = wrong == "own-ancestor" ? "henan" : "luoyang";
        var network = Seeded.All.Select(l => l.Id == replaced ? line : l).ToList();

        var refused = Assert.Throws<HotlineException>(() => LineCatalog.Validate(network, Seeded.Default.Id));
        Assert.Equal(code, refused.Code);
        Assert.Contains(line.Id, refused.Message);
    }

    [Fact]
    public void A_line_as_the_seed_file_writes_it_reads_back_the_same_and_unreadable_days_and_times_are_refused_with_their_codes()
    {
        foreach (var line in Seeded.All)
            Assert.Equal(JsonSerializer.Serialize(line), JsonSerializer.Serialize(LineEntry.From(line).ToLine(line.Id)));
        Assert.Equal("24:00", LineEntry.From(Seeded.Find("henan")!).Hours![0].Close);

        var entry = LineEntry.From(Seeded.Find("luoyang")!);
        Assert.Equal(RefusalCodes.LineBadDay, Refused(entry with { Hours = [new LineEntrySpan(["monday"], "08:00", "22:00")] }).Code);
        Assert.Equal(RefusalCodes.LineBadTime, Refused(entry with { Hours = [new LineEntrySpan(["mon"], "8am", "22:00")] }).Code);
        Assert.Equal(RefusalCodes.LineBadTime, Refused(entry with { Hours = [new LineEntrySpan(["mon"], "08:00", null)] }).Code);
        var closed = Refused(entry with { ClosedOn = ["6 Feb 2027"] });
        Assert.Equal((RefusalCodes.LineBadClosedDay, "6 Feb 2027"), (closed.Code, closed.Parameters["day"]));
        // Left out, a value takes the seed file's default.
        var bare = new LineEntry(null, "开封", "Kaifeng", "410200", "henan", null, null, null, null, null, null, null).ToLine("kaifeng");
        Assert.Equal(("Asia/Shanghai", 1, Contracts.Lines.Line.DefaultBackupAfterSeconds, 0), (bare.TimeZone, bare.MinimumSeats, bare.BackupAfterSeconds, bare.Hours.Count));

        static HotlineException Refused(LineEntry wrong) => Assert.Throws<HotlineException>(() => wrong.ToLine("luoyang"));
    }

    [Fact]
    public void A_newer_network_is_swapped_in_whole_an_older_one_is_ignored_and_a_wrong_one_leaves_the_last()
    {
        var catalog = LineCatalog.LoadDefault();
        var kaifeng = Line("kaifeng", parent: "henan");
        catalog.Replace(2, [.. catalog.Seeded, kaifeng]);
        Assert.Equal((2, "henan"), (catalog.Version, catalog.Find("kaifeng")?.Parent));
        Assert.Contains(catalog.Under("henan"), l => l.Id == "kaifeng");

        catalog.Replace(1, catalog.Seeded);
        Assert.NotNull(catalog.Find("kaifeng"));

        Assert.Throws<HotlineException>(() => catalog.Replace(3, [.. catalog.Seeded, Line("zhengzhou", parent: "atlantis")]));
        Assert.Equal(2, catalog.Version);
        Assert.Null(catalog.Find("zhengzhou"));
        // The default line stays the seed's, whatever the edit.
        Assert.Equal("national", catalog.Default.Id);
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
