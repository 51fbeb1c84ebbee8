using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>
/// The cluster profile (two web nodes, two silos, Redis) driven from this machine: time to offer with desks and
/// workers on both web nodes, then N idle conversations split over them and what they cost each node in memory, then
/// a short chat on a sample of them, worker and counsellor on different nodes where they are, checked for loss.
/// </summary>
public sealed class ClusterBenchmark(BenchSettings settings, TextWriter log)
{
    private readonly LedgerBook _book = new();
    private readonly OfferBook _offers = new();
    private readonly ClusterResult _result = new();

    /// <summary>Conversations that chat in the loss check, and for how long, at what rate.</summary>
    private const int LossCheckPairs = 200;
    private const double LossCheckRate = 200;
    private static readonly TimeSpan LossCheckDuration = TimeSpan.FromSeconds(5);

    public async Task<ClusterResult> Run()
    {
        var cluster = await Cluster.Up(Servers.ProductSettings);
        try
        {
            var webs = cluster.WebNodes;
            log.WriteLine($"cluster up in {cluster.Directory}: web nodes {string.Join(", ", webs.Select(Describe))}; silos {string.Join(", ", cluster.Silos.Select(Describe))}");
            var site = new ProductSite(webs[0]);
            var clients = new ProductClients(webs, _book, _offers);

            var (_, _, offerTimes) = await clients.TimeToOffer(site, settings.Arrivals, settings.ArrivalsPerSecond);
            (_result.TimeToOfferP50Ms, _result.TimeToOfferP99Ms, _result.TimeToOfferMaxMs) = (offerTimes.P50Ms, offerTimes.P99Ms, offerTimes.MaxMs);
            log.WriteLine($"{offerTimes}, desks and workers on both web nodes");

            var workers = await Density(cluster, clients, site);
            await CheckLoss(workers);
            cluster.KeepDirectory = !_result.Passed;
            return _result;
        }
        catch
        {
            cluster.KeepDirectory = true;
            throw;
        }
        finally
        {
            await cluster.DisposeAsync();
            if (cluster.KeepDirectory)
                log.WriteLine($"cluster logs kept in {cluster.Directory}/logs");
        }
    }

    private static string Describe(ClusterNode node) => $"{node.Name} {node.BaseAddress.Authority} (pid {node.ProcessId})";

    /// <summary>
    /// N idle conversations, a worker tab and a counsellor page each, split evenly over the two web nodes; each
    /// counsellor holds 10 of them, with one page per chat, all on the counsellor's node. The first page of each
    /// desk is here, the other nine in a page holder per node (see <see cref="PageHolder"/>).
    /// </summary>
    private async Task<List<WorkerTab>> Density(Cluster cluster, ProductClients clients, ProductSite site)
    {
        var count = settings.Density;
        var tokens = await site.CreateCounsellors(BenchSettings.CounsellorsFor(count), BenchSettings.ChatsPerCounsellor);
        IReadOnlyList<IServer> nodes = [.. cluster.WebNodes, .. cluster.Silos];
        var before = await Measure(nodes);
        var clock = Stopwatch.StartNew();
        var holders = await Task.WhenAll(cluster.WebNodes.Select(web => PageHolder.Open(
            web, tokens.Where((_, i) => clients.WebFor(i).Name == web.Name).ToList(), BenchSettings.ChatsPerCounsellor - 1)));
        var (_, workers) = await clients.OpenConversations(tokens, count, pages: 1);
        _result.DensitySetUpSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var after = await Measure(nodes);

        _result.DensityConversations = count;
        _result.Nodes.AddRange(nodes.Select((node, i) => new NodeMemory(node.Name, before[i].HeapBytes, after[i].HeapBytes, before[i].ResidentBytes, after[i].ResidentBytes)));
        var webMemory = _result.Nodes.Take(cluster.WebNodes.Count).ToList();
        var siloMemory = _result.Nodes.Skip(cluster.WebNodes.Count).ToList();
        _result.WebHeapBytesPerConversation = webMemory.Sum(m => m.HeapGrowthBytes) / count;
        _result.WebResidentBytesPerConversation = webMemory.Sum(m => m.ResidentGrowthBytes) / count;
        _result.SiloHeapBytesPerConversation = siloMemory.Sum(m => m.HeapGrowthBytes) / count;
        _result.SiloResidentBytesPerConversation = siloMemory.Sum(m => m.ResidentGrowthBytes) / count;

        log.WriteLine($"density: {count} conversations ({2 * count} connections, about {count / 2} conversations and {count} connections per web node) set up in {_result.DensitySetUpSeconds} s");
        foreach (var node in _result.Nodes)
            log.WriteLine($"  {node.Node}: heap {MB(node.HeapBeforeBytes)} → {MB(node.HeapAfterBytes)} MB (+{MB(node.HeapGrowthBytes)}), resident {MB(node.ResidentBeforeBytes)} → {MB(node.ResidentAfterBytes)} MB (+{MB(node.ResidentGrowthBytes)})");
        log.WriteLine($"  per conversation (both nodes of a kind together ÷ {count}): web nodes heap {KB(_result.WebHeapBytesPerConversation)} KB (resident {KB(_result.WebResidentBytesPerConversation)} KB), " +
            $"silos heap {KB(_result.SiloHeapBytesPerConversation)} KB (resident {KB(_result.SiloResidentBytesPerConversation)} KB)");
        foreach (var holder in holders)
            await holder.DisposeAsync();
        return workers;
    }

    /// <summary>One node at a time, so that no two forced collections compete for the cores.</summary>
    private static async Task<List<MemorySample>> Measure(IReadOnlyList<IServer> nodes)
    {
        var samples = new List<MemorySample>();
        foreach (var node in nodes)
            samples.Add(await node.MeasureMemoryAsync());
        return samples;
    }

    /// <summary>A sample of the density's conversations chats for a few seconds, first those whose worker and counsellor
    /// are on different web nodes (about half: the queue pairs them without regard to nodes); every acknowledged
    /// message must arrive exactly once.</summary>
    private async Task CheckLoss(List<WorkerTab> workers)
    {
        bool CrossNode(WorkerTab w) => _offers.TryGetTakenOn(w.Chat!.ConversationId, out var takenOn) && takenOn.Name != w.Web.Name;
        var sample = workers.Where(CrossNode).Concat(workers.Where(w => !CrossNode(w))).Take(LossCheckPairs).ToList();
        var crossNode = sample.Count(CrossNode);
        var ledger = await Load.OpenLoop(new ProductPairs(sample), _book, LossCheckRate, LossCheckDuration);
        _result.LossCheck = new LossCheck(sample.Count, crossNode, ledger.Sent, ledger.Lost, ledger.Duplicated, ledger.Failed);
        log.WriteLine($"loss check: {sample.Count} conversations ({crossNode} with worker and counsellor on different web nodes) at {LossCheckRate} msg/s for {LossCheckDuration.TotalSeconds} s: " +
            $"sent {ledger.Sent}, delivered {ledger.Received}, lost {ledger.Lost}, duplicated {ledger.Duplicated}, failed {ledger.Failed}; p50 {ledger.PercentileMs(50):0.00} ms, p99 {ledger.PercentileMs(99):0.00} ms");
    }

    private static string MB(long bytes) => (bytes / 1048576.0).ToString("0.0");

    private static string KB(long bytes) => (bytes / 1024.0).ToString("0.0");
}
