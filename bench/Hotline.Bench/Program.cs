using Hotline.Bench;

// `relay [--durable <sqlite file>]`: the relay server of baselines B1 and B2 (started by the benchmark itself).
if (args is ["relay", ..])
{
    await RelayServer.Run(args is [_, "--durable", var database] ? database : null);
    return 0;
}

var settings = BenchSettings.From(args);
Console.WriteLine($"Hotline benchmark ({(args.Contains("--quick") ? "quick" : "full")}): {Environment.ProcessorCount} cores, .NET {Environment.Version}");
var result = await new Benchmark(settings, Console.Out).Run();
Console.WriteLine(result.Passed ? "no message lost, duplicated or refused" : $"FAILED: lost {result.Lost}, lost in restart {result.LostInRestart}, duplicated {result.Duplicated}, refused {result.Failed}");
Console.WriteLine(result.ToJson());
return result.Passed ? 0 : 1;
