using Hotline.Contracts.Supervision;
using Hotline.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Hotline.Tests.Grains;

/// <summary>The figures as stored before they were kept by the minute: their last-hour lists are skipped, the rest read.</summary>
public sealed class StatsStateUpgradeTests
{
    [Fact]
    public void Figures_stored_with_the_old_last_hour_lists_still_load()
    {
        var serializer = new ServiceCollection()
            .AddSerializer(orleans => orleans.AddAssembly(typeof(StatsState).Assembly).AddAssembly(typeof(StatsStateUpgradeTests).Assembly))
            .BuildServiceProvider().GetRequiredService<Serializer>();
        var at = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var stored = new StatsStateBeforeMinutes
        {
            Today = new DayCounts { Arrived = 7 },
            History = [new HistoryBucket(at, 7, 5, 4, 1, 3)],
            RecentArrivals = [at, at],
            RecentHandles = [(at, 300)],
        };

        // Stored as the storage stores a state: as its declared type, so no type name is written.
        var read = serializer.Deserialize<StatsState>(serializer.SerializeToArray(stored))!;

        Assert.Equal((7, 7), (read.Today.Arrived, Assert.Single(read.History).Arrived));
        Assert.Empty(read.LastHour);
    }
}

/// <summary>StatsState as it was stored before the last hour was kept by the minute (fields 2 and 3, now retired).</summary>
[GenerateSerializer, Alias("hotline.tests.StatsStateBeforeMinutes")]
public sealed record StatsStateBeforeMinutes
{
    [Id(0)] public DayCounts Today { get; set; } = new();
    [Id(1)] public List<HistoryBucket> History { get; set; } = [];
    [Id(2)] public List<DateTimeOffset> RecentArrivals { get; set; } = [];
    [Id(3)] public List<(DateTimeOffset At, double Seconds)> RecentHandles { get; set; } = [];
}
