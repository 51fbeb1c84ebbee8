using Hotline.Contracts.Lines;
using Hotline.Silo.Lines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Grains;

/// <summary>A host's look at the admins' edits, while the grain that keeps them cannot be reached and after.</summary>
public sealed class LineRefreshTests : HotlineTestCluster
{
    private readonly CallFaults _faults = new();

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.AddIncomingGrainCallFilter(_faults);

    [Fact]
    public async Task A_host_keeps_its_last_network_while_the_edits_cannot_be_read_and_takes_the_newer_one_when_they_can()
    {
        var network = Grains.GetGrain<ILineNetworkGrain>(0);
        var luoyang = LineCatalog.LoadDefault().Find("luoyang")!;
        await network.Save(luoyang with { MinimumSeats = 3 }, "admin-li");
        var catalog = LineCatalog.LoadDefault();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new FakeLogger<LineRefresh>();
        using var refresh = new LineRefresh(catalog, Grains, clock, log);
        await refresh.Refresh();
        Assert.Equal((1, 3), (catalog.Version, catalog.Find("luoyang")?.MinimumSeats));
        await network.Save(luoyang with { MinimumSeats = 4 }, "admin-li");

        var down = _faults.Down<ILineNetworkGrain>(nameof(ILineNetworkGrain.Since));
        await refresh.StartAsync(CancellationToken.None);
        // The loop starts on a thread of its own, so the clock moves on at every look until its timer has ticked.
        await Eventually.Shows(() => Ticked(log.Collector.GetSnapshot()), records => records.Any(r => r.Level == LogLevel.Warning), "the host's warning that it cannot read the network");

        // Nothing is lost meanwhile: the host routes and scopes by the network it had.
        Assert.Equal((1, 3, 12), (catalog.Version, catalog.Find("luoyang")?.MinimumSeats, catalog.All.Count));

        down.Dispose();
        await Eventually.Shows(() => Ticked(catalog.Find("luoyang")?.MinimumSeats), seats => seats == 4, "the edit saved during the outage");
        Assert.Equal(2, catalog.Version);
        // Once per outage, however many looks failed.
        Assert.Single(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        await refresh.StopAsync(CancellationToken.None);

        Task<T> Ticked<T>(T seen)
        {
            clock.Advance(LineRefresh.Interval);
            return Task.FromResult(seen);
        }
    }
}
