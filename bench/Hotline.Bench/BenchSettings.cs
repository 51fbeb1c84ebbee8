namespace Hotline.Bench;

/// <summary>How big a run is. <c>--quick</c> fits in two minutes; the full run is what BENCHMARKS.md reports.
/// <c>--cluster</c> uses the arrivals and density (10,000 unless <c>--quick</c>); the rest is the embedded run's.</summary>
public sealed record BenchSettings(
    int Pairs,
    int Arrivals,
    double ArrivalsPerSecond,
    double[] Rates,
    TimeSpan Step,
    TimeSpan ClosedLoop,
    int Density,
    double ReferenceRate)
{
    /// <summary>Conversations a counsellor holds in the benchmark: the most an account may take.</summary>
    public const int ChatsPerCounsellor = 10;

    /// <summary>Counsellors enough to hold <paramref name="conversations"/> at <see cref="ChatsPerCounsellor"/> each.</summary>
    public static int CounsellorsFor(int conversations) => (conversations + ChatsPerCounsellor - 1) / ChatsPerCounsellor;

    public static BenchSettings Quick => new(
        Pairs: 100, Arrivals: 100, ArrivalsPerSecond: 25, Rates: [250, 500, 1000, 2000], Step: TimeSpan.FromSeconds(4),
        ClosedLoop: TimeSpan.FromSeconds(4), Density: 1000, ReferenceRate: 1000);

    public static BenchSettings Full => new(
        Pairs: 200, Arrivals: 400, ArrivalsPerSecond: 25, Rates: [250, 500, 1000, 2000, 4000, 8000, 16000], Step: TimeSpan.FromSeconds(10),
        ClosedLoop: TimeSpan.FromSeconds(10), Density: 8000, ReferenceRate: 1000);

    /// <summary>The cluster profile's full density: conversations across its two web nodes.</summary>
    public const int ClusterDensity = 10_000;

    public static BenchSettings From(string[] args)
    {
        var settings = args.Contains("--quick") ? Quick : Full;
        if (args.Contains("--cluster") && !args.Contains("--quick"))
            settings = settings with { Density = ClusterDensity };
        var density = Array.IndexOf(args, "--conversations");
        if (density >= 0 && density + 1 < args.Length)
            settings = settings with { Density = int.Parse(args[density + 1]) };
        return settings;
    }
}
