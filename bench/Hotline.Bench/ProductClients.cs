using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Hotline.Bench;

/// <summary>Time to offer: from a worker's <c>StartChat</c> to the counsellor's <c>OfferReceived</c>.</summary>
public sealed record OfferTimes(long Arrivals, double ArrivalsPerSecond, double P50Ms, double P99Ms, double MaxMs)
{
    public override string ToString() =>
        $"time to offer ({Arrivals} arrivals at {ArrivalsPerSecond}/s): p50 {P50Ms:0.0} ms, p99 {P99Ms:0.0} ms, max {MaxMs:0.0} ms";
}

/// <summary>
/// The product's clients on one web node or several: counsellors' desks and workers' tabs, dealt round-robin over the
/// nodes (client i on node i mod n), and the steps both profiles measure with them.
/// </summary>
public sealed class ProductClients(IReadOnlyList<IServer> webs, LedgerBook book, OfferBook offers)
{
    public async Task<List<CounsellorDesk>> OpenDesks(IReadOnlyList<string> tokens, int pages)
    {
        var desks = new CounsellorDesk[tokens.Count];
        await Parallel.ForAsync(0, tokens.Count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            desks[i] = await CounsellorDesk.Open(WebFor(i), tokens[i], pages, book, offers);
            await desks[i].SetPresence("Available");
        });
        return [.. desks];
    }

    public async Task<List<WorkerTab>> ConnectWorkers(int count)
    {
        var workers = new WorkerTab[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) => workers[i] = await WorkerTab.Connect(WebFor(i)));
        return [.. workers];
    }

    /// <summary>The web node of desk or worker <paramref name="i"/>.</summary>
    public IServer WebFor(int i) => webs[i % webs.Count];

    /// <summary>Arrivals before the measured ones, unreported, so that time to offer is not the JIT compiler's time.</summary>
    public const int WarmArrivals = 20;

    /// <summary>
    /// Counsellors wait, one page each, while <see cref="WarmArrivals"/> and then <paramref name="measured"/> workers
    /// arrive at a steady rate. Afterwards the counsellors go away, so that later conversations go to other desks;
    /// they keep what they hold.
    /// </summary>
    public async Task<(List<CounsellorDesk> Desks, List<WorkerTab> Workers, OfferTimes Times)> TimeToOffer(ProductSite site, int measured, double perSecond)
    {
        var arrivals = WarmArrivals + measured;
        var desks = await OpenDesks(await site.CreateCounsellors(BenchSettings.CounsellorsFor(arrivals), BenchSettings.ChatsPerCounsellor), pages: 1);
        var workers = await ConnectWorkers(arrivals);
        var times = await Arrive(workers, perSecond);
        await Task.WhenAll(desks.Select(d => d.SetPresence("Away")));
        return (desks, workers, times);
    }

    private async Task<OfferTimes> Arrive(List<WorkerTab> workers, double perSecond)
    {
        var started = new ConcurrentBag<(Guid ConversationId, long At, bool Measured)>();
        var accepted = offers.AcceptedCount;
        var clock = Stopwatch.StartNew();
        var arrivals = new List<Task>();
        for (var i = 0; i < workers.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
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
        await offers.WaitForAccepted(accepted + workers.Count, TimeSpan.FromSeconds(60));
        var histogram = new LongHistogram(TimeSpan.FromMinutes(1).Ticks / 10, 3);
        foreach (var (conversationId, at, measured) in started)
        {
            if (measured && offers.TryGetOfferedAt(conversationId, out var offeredAt))
                histogram.RecordValue((long)Stopwatch.GetElapsedTime(at, offeredAt).TotalMicroseconds);
        }
        return new OfferTimes(histogram.TotalCount, perSecond, histogram.GetValueAtPercentile(50) / 1000.0,
            histogram.GetValueAtPercentile(99) / 1000.0, histogram.GetMaxValue() / 1000.0);
    }

    /// <summary>N conversations set up at once, as fast as the product lets them: desks open, workers connect and
    /// start, and every conversation is taken by a counsellor.</summary>
    public async Task<(List<CounsellorDesk> Desks, List<WorkerTab> Workers)> OpenConversations(IReadOnlyList<string> tokens, int count, int pages)
    {
        var accepted = offers.AcceptedCount;
        var desks = await OpenDesks(tokens, pages);
        var workers = await ConnectWorkers(count);
        await Parallel.ForEachAsync(workers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (w, _) => await w.Start());
        // Ten minutes, or ten conversations a second for a larger N, before the run gives up.
        await offers.WaitForAccepted(accepted + count, TimeSpan.FromSeconds(Math.Max(600, count / 10.0)));
        return (desks, workers);
    }
}
