using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

/// <summary>One open-loop step at a fixed offered rate, on one path.</summary>
public sealed record RateStep(string Path, double OfferedPerSecond, double DeliveredPerSecond, double P50Ms, double P99Ms, double MaxMs, int Sent, int Lost, int Duplicated, int Failed);

/// <summary>
/// The whole run: both servers started side by side on this machine, then time to offer, closed-loop throughput, the
/// open-loop rate sweep, density with memory, and a reconnect storm, in that order. Every step's ledger is checked for
/// loss and duplicates at the end.
/// </summary>
public sealed class Benchmark(BenchSettings settings, TextWriter log)
{
    private readonly LedgerBook _book = new();
    private readonly OfferBook _offers = new();
    private readonly BenchResult _result = new();

    public async Task<BenchResult> Run()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hotline-bench-").FullName;
        try
        {
            await using var relay = Servers.Relay();
            await using var durableRelay = Servers.DurableRelay(dataDirectory);
            await using var web = Servers.Product(dataDirectory);
            await Task.WhenAll(relay.StartAsync(), durableRelay.StartAsync(), web.StartAsync());
            var site = new ProductSite(web);
            var clients = new ProductClients([web], _book, _offers);
            log.WriteLine($"servers up: relay :{relay.Port}, product :{web.Port}");

            var (desks, workers, offerTimes) = await clients.TimeToOffer(site, settings.Arrivals, settings.ArrivalsPerSecond);
            (_result.TimeToOfferP50Ms, _result.TimeToOfferP99Ms, _result.TimeToOfferMaxMs) = (offerTimes.P50Ms, offerTimes.P99Ms, offerTimes.MaxMs);
            log.WriteLine(offerTimes);

            var product = new ProductPairs(workers.Skip(ProductClients.WarmArrivals).Take(settings.Pairs).ToList());
            var bare = new RelayPairs(relay, _book, BenchResult.B1);
            var durable = new RelayPairs(durableRelay, _book, BenchResult.B2);
            await Task.WhenAll(bare.Open(settings.Pairs), durable.Open(settings.Pairs));
            IMessagePath[] paths = [bare, durable, product];
            await Warm((bare, relay), (durable, durableRelay), (product, web));
            await Throughput(paths);
            await Sweep(paths);
            await durable.DisposeAsync();
            await durableRelay.KillAsync();

            // One side at a time: a process may hold 20,000 sockets, and each side's density needs up to 16,000.
            await using (var densityPairs = await RelayDensity(relay))
                await RelayStorm(relay, bare.Connections.Concat(densityPairs.Connections).ToList());

            var densityTokens = await site.CreateCounsellors(BenchSettings.CounsellorsFor(settings.Density), BenchSettings.ChatsPerCounsellor);
            var (densityDesks, densityWorkers) = await ProductDensity(web, clients, densityTokens);
            var allWorkers = workers.Concat(densityWorkers).ToList();
            var allPages = desks.Concat(densityDesks).SelectMany(d => d.Pages).ToList();
            await ProductStorm(web, allWorkers, allPages, product);

            _result.Lost = _book.All.Sum(l => l.Lost);
            _result.Duplicated = _book.All.Sum(l => l.Duplicated);
            _result.Failed = _book.All.Sum(l => l.Failed);
            return _result;
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>A short unreported run on both paths, so that neither is measured while it compiles its hot code.</summary>
    /// <summary>
    /// Unmeasured load on each path, as hard as the closed loop, until its server has compiled its hot code at full
    /// optimisation: rounds of closed loop until one makes the runtime compile fewer than <see cref="SettledCompilations"/>
    /// methods. A profile of the product after the old warm-up (2 s at 200 msg/s) found 40% of its closed-loop CPU time
    /// in the JIT compiler and its message path still at tier 0, so the closed loop measured compilation, not the chat path.
    /// </summary>
    private async Task Warm(params (IMessagePath Path, IServer Server)[] paths)
    {
        foreach (var (path, server) in paths)
        {
            var rounds = 0;
            double compiled;
            do
            {
                var before = await server.CompiledMethodsAsync();
                await Load.ClosedLoop(path, _book, inFlight: 4, WarmRound);
                compiled = await server.CompiledMethodsAsync() - before;
            }
            while (compiled >= SettledCompilations && ++rounds < MaxWarmRounds);
            log.WriteLine($"{path.Name,-16} warmed: {rounds + 1} rounds of {WarmRound.TotalSeconds:0} s, {compiled:0} methods compiled in the last");
        }
    }

    private static readonly TimeSpan WarmRound = TimeSpan.FromSeconds(2);
    private const int SettledCompilations = 20;
    private const int MaxWarmRounds = 30;

    private async Task Throughput(IMessagePath[] paths)
    {
        foreach (var path in paths)
        {
            var ledger = await Load.ClosedLoop(path, _book, inFlight: 4, settings.ClosedLoop);
            _result.Throughput[path.Name] = Math.Round(ledger.DeliveredPerSecond);
            log.WriteLine($"{path.Name,-16} closed loop ({settings.Pairs} pairs, 4 in flight each): {ledger.DeliveredPerSecond,7:0} msg/s; sent {ledger.Sent}, lost {ledger.Lost}, duplicated {ledger.Duplicated}, failed {ledger.Failed}");
        }
    }

    /// <summary>Both paths at each offered rate in turn; a path that falls behind (p99 over 2 s) is not pushed further.</summary>
    private async Task Sweep(IMessagePath[] paths)
    {
        var saturated = new HashSet<string>();
        foreach (var rate in settings.Rates)
        {
            foreach (var path in paths)
            {
                if (saturated.Contains(path.Name))
                    continue;
                var ledger = await Load.OpenLoop(path, _book, rate, settings.Step);
                var step = new RateStep(path.Name, rate, Math.Round(ledger.DeliveredPerSecond), ledger.PercentileMs(50), ledger.PercentileMs(99),
                    ledger.PercentileMs(100), ledger.Sent, ledger.Lost, ledger.Duplicated, ledger.Failed);
                _result.Steps.Add(step);
                log.WriteLine($"{path.Name,-16} {rate,6} msg/s offered: delivered {step.DeliveredPerSecond,6} msg/s, p50 {step.P50Ms,8:0.00} ms, p99 {step.P99Ms,8:0.00} ms, max {step.MaxMs,8:0.00} ms, lost {step.Lost}, duplicated {step.Duplicated}, failed {step.Failed}");
                if (step.P99Ms > 2000 || step.Failed > 0 || step.Lost > 0)
                    saturated.Add(path.Name);
            }
        }
        _result.SummarizeSweep(settings.ReferenceRate);
    }

    /// <summary>N idle pairs on the bare relay, and what they cost it in memory.</summary>
    private async Task<RelayPairs> RelayDensity(ServerProcess relay)
    {
        var before = await relay.MeasureMemoryAsync();
        var pairs = new RelayPairs(relay, _book, BenchResult.B1);
        await pairs.Open(settings.Density);
        var after = await relay.MeasureMemoryAsync();
        _result.B1ServerBytesPerPair = (after.HeapBytes - before.HeapBytes) / settings.Density;
        _result.B1ResidentBytesPerPair = (after.ResidentBytes - before.ResidentBytes) / settings.Density;
        log.WriteLine($"relay density: {settings.Density} pairs, heap per pair {_result.B1ServerBytesPerPair / 1024.0:0.0} KB (resident {_result.B1ResidentBytesPerPair / 1024.0:0.0} KB)");
        return pairs;
    }

    /// <summary>N idle conversations on the product, each a worker tab and a counsellor page, and what they cost it in memory.</summary>
    private async Task<(List<CounsellorDesk>, List<WorkerTab>)> ProductDensity(ServerProcess web, ProductClients clients, IReadOnlyList<string> tokens)
    {
        var productBefore = await web.MeasureMemoryAsync();
        var clock = Stopwatch.StartNew();
        var (desks, workers) = await clients.OpenConversations(tokens, settings.Density, pages: BenchSettings.ChatsPerCounsellor);
        var setUp = clock.Elapsed;
        var productAfter = await web.MeasureMemoryAsync();
        _result.DensityConversations = settings.Density;
        _result.ServerBytesPerConversation = (productAfter.HeapBytes - productBefore.HeapBytes) / settings.Density;
        _result.ResidentBytesPerConversation = (productAfter.ResidentBytes - productBefore.ResidentBytes) / settings.Density;
        log.WriteLine($"density: {settings.Density} conversations ({2 * settings.Density} connections) set up in {setUp.TotalSeconds:0.0} s; " +
            $"heap per conversation {_result.ServerBytesPerConversation / 1024.0:0.0} KB (resident {_result.ResidentBytesPerConversation / 1024.0:0.0} KB)");
        return (desks, workers);
    }

    /// <summary>SIGKILL the product and start it again on the same data: every page reconnects and every chat resumes, with
    /// every acknowledged message in it; then the message pairs chat on.</summary>
    private async Task ProductStorm(ServerProcess web, List<WorkerTab> workers, List<HubConnection> pages, ProductPairs pairs)
    {
        var resumed = workers.Select(w => w.ExpectResume()).ToList();
        var clock = Stopwatch.StartNew();
        await web.KillAsync();
        await web.StartAsync();
        await Task.WhenAll(resumed).WaitAsync(TimeSpan.FromMinutes(5));
        await AllConnected(pages);
        _result.ProductReconnectSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var transcripts = new List<ChatMessage>[workers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, workers.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => transcripts[i] = await workers[i].ReadTranscript());
        var missing = 0;
        for (var i = 0; i < workers.Count; i++)
        {
            var kept = transcripts[i].Count(m => m.Sender == "worker" && Ledger.TryParse(m.Text, out _, out _));
            missing += Math.Max(0, workers[i].Acknowledged - kept);
        }
        _result.LostInRestart = missing;
        var after = await Load.OpenLoop(pairs, _book, 200, TimeSpan.FromSeconds(2));
        log.WriteLine($"product restart: {workers.Count} chats resumed and {pages.Count} counsellor pages back {_result.ProductReconnectSeconds} s after the kill; " +
            $"acknowledged messages missing after it: {missing}; chatting on: {after.Received}/{after.Sent} delivered");
    }

    private async Task RelayStorm(ServerProcess relay, List<HubConnection> connections)
    {
        var clock = Stopwatch.StartNew();
        await relay.KillAsync();
        await relay.StartAsync();
        await AllConnected(connections);
        _result.B1ReconnectSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        log.WriteLine($"relay restart: {connections.Count} connections back {_result.B1ReconnectSeconds} s after the kill");
    }

    private static async Task AllConnected(List<HubConnection> connections)
    {
        var deadline = Stopwatch.StartNew();
        // The client gives no event for "all of them": poll the states until every one is connected.
        while (connections.Any(c => c.State != HubConnectionState.Connected))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"{connections.Count(c => c.State != HubConnectionState.Connected)} connections did not come back within 5 minutes.");
            await Task.Delay(50);
        }
    }
}
