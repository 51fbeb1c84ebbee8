using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
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

    /// <summary>Arrivals before the measured ones, unreported, so that time to offer is not the JIT compiler's time.</summary>
    private const int WarmArrivals = 20;

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
            log.WriteLine($"servers up: relay :{relay.Port}, product :{web.Port}");

            var arrivals = WarmArrivals + settings.Arrivals;
            var desks = await OpenDesks(site, await site.CreateCounsellors(Ceiling(arrivals), BenchSettings.ChatsPerCounsellor), pages: 1);
            var workers = await ConnectWorkers(web, arrivals);
            await TimeToOffer(workers);
            // Conversations from here on go to the density counsellors; these keep what they hold.
            await Task.WhenAll(desks.Select(d => d.SetPresence("Away")));

            var product = new ProductPairs(workers.Skip(WarmArrivals).Take(settings.Pairs).ToList());
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

            var densityTokens = await site.CreateCounsellors(Ceiling(settings.Density), BenchSettings.ChatsPerCounsellor);
            var (densityDesks, densityWorkers) = await ProductDensity(web, densityTokens);
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

    private static int Ceiling(int conversations) => (conversations + BenchSettings.ChatsPerCounsellor - 1) / BenchSettings.ChatsPerCounsellor;

    private async Task<List<CounsellorDesk>> OpenDesks(ProductSite site, IReadOnlyList<string> tokens, int pages)
    {
        var desks = new CounsellorDesk[tokens.Count];
        await Parallel.ForAsync(0, tokens.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            desks[i] = await CounsellorDesk.Open(site.Web, tokens[i], pages, _book, _offers);
            await desks[i].SetPresence("Available");
        });
        return [.. desks];
    }

    private static async Task<List<WorkerTab>> ConnectWorkers(ServerProcess web, int count)
    {
        var workers = new WorkerTab[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) => workers[i] = await WorkerTab.Connect(web));
        return [.. workers];
    }

    /// <summary>Workers arrive at a steady rate while counsellors wait; from StartChat to the counsellor's OfferReceived.</summary>
    private async Task TimeToOffer(List<WorkerTab> workers)
    {
        var started = new ConcurrentBag<(Guid ConversationId, long At, bool Measured)>();
        var accepted = _offers.AcceptedCount;
        var clock = Stopwatch.StartNew();
        var arrivals = new List<Task>();
        for (var i = 0; i < workers.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / settings.ArrivalsPerSecond);
            if (due > clock.Elapsed)
                await Task.Delay(due - clock.Elapsed);
            var worker = workers[i];
            var measured = i >= WarmArrivals;
            arrivals.Add(Task.Run(async () =>
            {
                var at = Stopwatch.GetTimestamp();
                var chat = await worker.Start();
                started.Add((chat.ConversationId, at, measured));
            }));
        }
        await Task.WhenAll(arrivals);
        await _offers.WaitForAccepted(accepted + workers.Count, TimeSpan.FromSeconds(60));
        var histogram = new LongHistogram(TimeSpan.FromMinutes(1).Ticks / 10, 3);
        foreach (var (conversationId, at, measured) in started)
        {
            if (measured && _offers.TryGetOfferedAt(conversationId, out var offeredAt))
                histogram.RecordValue((long)Stopwatch.GetElapsedTime(at, offeredAt).TotalMicroseconds);
        }
        _result.TimeToOfferP50Ms = histogram.GetValueAtPercentile(50) / 1000.0;
        _result.TimeToOfferP99Ms = histogram.GetValueAtPercentile(99) / 1000.0;
        _result.TimeToOfferMaxMs = histogram.GetMaxValue() / 1000.0;
        log.WriteLine($"time to offer ({histogram.TotalCount} arrivals at {settings.ArrivalsPerSecond}/s): p50 {_result.TimeToOfferP50Ms:0.0} ms, p99 {_result.TimeToOfferP99Ms:0.0} ms, max {_result.TimeToOfferMaxMs:0.0} ms");
    }

    /// <summary>A short unreported run on both paths, so that neither is measured while it compiles its hot code.</summary>
    /// <summary>
    /// Unmeasured load on each path, as hard as the closed loop, until its server has compiled its hot code at full
    /// optimisation: rounds of closed loop until one makes the runtime compile fewer than <see cref="SettledCompilations"/>
    /// methods. A profile of the product after the old warm-up (2 s at 200 msg/s) found 40% of its closed-loop CPU time
    /// in the JIT compiler and its message path still at tier 0, so the closed loop measured compilation, not the chat path.
    /// </summary>
    private async Task Warm(params (IMessagePath Path, ServerProcess Server)[] paths)
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
    private async Task<(List<CounsellorDesk>, List<WorkerTab>)> ProductDensity(ServerProcess web, IReadOnlyList<string> tokens)
    {
        var productBefore = await web.MeasureMemoryAsync();
        var clock = Stopwatch.StartNew();
        var accepted = _offers.AcceptedCount;
        var desks = await OpenDesks(new ProductSite(web), tokens, pages: BenchSettings.ChatsPerCounsellor);
        var workers = await ConnectWorkers(web, settings.Density);
        await Parallel.ForEachAsync(workers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (w, _) => await w.Start());
        await _offers.WaitForAccepted(accepted + settings.Density, TimeSpan.FromMinutes(10));
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
