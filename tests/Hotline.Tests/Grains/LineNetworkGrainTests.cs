using Hotline.Contracts;
using Hotline.Contracts.Lines;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hotline.Tests.Grains;

/// <summary>
/// The network admins' edits of the lines: kept in one grain, and read by every host's catalog (here two catalogs
/// standing for two hosts, each with its own <see cref="LineRefresh"/>, over the one grain).
/// </summary>
public sealed class LineNetworkGrainTests : HotlineTestCluster
{
    private static readonly Line Kaifeng = new("kaifeng", "开封市总工会职工心理援助热线", "Kaifeng Federation of Trade Unions support line", "410200", "henan",
        [new OpeningSpan(Enum.GetValues<DayOfWeek>(), TimeSpan.FromHours(8), TimeSpan.FromHours(22))], [], "Asia/Shanghai", 2, 45, ["union-heart-station"], null);

    private async Task<LineCatalog> Host()
    {
        var catalog = LineCatalog.LoadDefault();
        await new LineRefresh(catalog, Grains, TimeProvider.System, NullLogger<LineRefresh>.Instance).Refresh();
        return catalog;
    }

    [Fact]
    public async Task A_city_line_an_admin_adds_reaches_another_host_s_catalog_is_audited_and_stays_after_a_restart()
    {
        var network = Grains.GetGrain<ILineNetworkGrain>(0);
        Assert.Null(await network.Since(0));
        var other = await Host();
        Assert.Equal((0, 12), (other.Version, other.All.Count));

        var saved = await network.Save(Kaifeng, "admin-li");
        Assert.Equal(1, saved.Version);

        Assert.Null(other.Find("kaifeng"));
        await new LineRefresh(other, Grains, TimeProvider.System, NullLogger<LineRefresh>.Instance).Refresh();
        Assert.Equal(1, other.Version);
        Assert.Equal(45, other.Find("kaifeng")?.BackupAfterSeconds);
        Assert.Equal(["henan", "national"], other.AncestorsOf("kaifeng").Select(l => l.Id));
        Assert.Contains("union-heart-station", other.LocalReferrals("kaifeng"));

        var entry = Assert.Single((await Grains.GetGrain<IAuditLogGrain>(0).Latest(10)).Entries).Entry;
        Assert.Equal(("admin-li", AuditActions.EditLine, "kaifeng"), (entry.Actor, entry.Action, entry.Subject));

        // A change of a seeded line replaces it, and a host that started after both edits has both.
        await network.Save(Seeded("luoyang") with { MinimumSeats = 3 }, "admin-li");
        await RestartSilo();
        var late = await Host();
        Assert.Equal((2, 13), (late.Version, late.All.Count));
        Assert.Equal(3, late.Find("luoyang")?.MinimumSeats);
        Assert.NotNull(late.Find("kaifeng"));
    }

    [Fact]
    public async Task An_edit_that_breaks_the_network_is_refused_and_changes_nothing()
    {
        var network = Grains.GetGrain<ILineNetworkGrain>(0);

        Assert.Equal(RefusalCodes.LineUnknownParent, (await Refused(Kaifeng with { Parent = "atlantis" })).Code);
        Assert.Equal(RefusalCodes.LineOwnAncestor, (await Refused(Seeded("henan") with { Parent = "luoyang" })).Code);
        Assert.Equal(RefusalCodes.LineNotOneRoot, (await Refused(Kaifeng with { Parent = null })).Code);
        var referral = await Refused(Kaifeng with { Referrals = ["no-such-station"] });
        Assert.Equal((RefusalCodes.LineBadReferral, "no-such-station"), (referral.Code, referral.Parameters["referral"]));

        Assert.Null(await network.Since(0));
        Assert.Empty((await Grains.GetGrain<IAuditLogGrain>(0).Latest(10)).Entries);

        Task<HotlineException> Refused(Line line) => Assert.ThrowsAsync<HotlineException>(() => network.Save(line, "admin-li"));
    }

    private static Line Seeded(string id) => LineCatalog.LoadDefault().Find(id)!;
}
