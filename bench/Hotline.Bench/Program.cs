using Hotline.Bench;

// `relay [--durable <sqlite file>]`: the relay server of baselines B1 and B2 (started by the benchmark itself).
if (args is ["relay", ..])
{
    await RelayServer.Run(args is [_, "--durable", var database] ? database : null);
    return 0;
}

// `pages <web node> <pages per token>`: holds counsellors' extra pages for the cluster run (tokens on standard input).
if (args is ["pages", var web, var pagesPerToken])
{
    await PageHolder.Run(new Uri(web), int.Parse(pagesPerToken));
    return 0;
}

var settings = BenchSettings.From(args);
var cluster = args.Contains("--cluster");
Console.WriteLine($"Hotline benchmark ({(cluster ? "cluster profile, " : "")}{(args.Contains("--quick") ? "quick" : "full")}): {Environment.ProcessorCount} cores, .NET {Environment.Version}");
IRunResult result = cluster ? await new ClusterBenchmark(settings, Console.Out).Run() : await new Benchmark(settings, Console.Out).Run();
Console.WriteLine(result.Verdict);
Console.WriteLine(result.ToJson());
return result.Passed ? 0 : 1;
