using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

/// <summary>B1's clients: pairs of connections to the bare relay; A sends, the hub forwards to B by connection id.</summary>
public sealed class RelayPairs(ServerProcess relay, LedgerBook book) : IMessagePath, IAsyncDisposable
{
    private readonly List<(HubConnection A, HubConnection B)> _pairs = [];

    public string Name => "B1 bare relay";

    public int Pairs => _pairs.Count;

    public IEnumerable<HubConnection> Connections => _pairs.SelectMany(p => new[] { p.A, p.B });

    /// <summary>Opens <paramref name="count"/> more pairs, a few at a time.</summary>
    public async Task Open(int count, int parallel = 32)
    {
        var opened = new (HubConnection, HubConnection)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            var a = Connect();
            var b = Connect();
            b.On<string>("Received", book.Arrived);
            await Task.WhenAll(a.StartAsync(), b.StartAsync());
            opened[i] = (a, b);
        });
        lock (_pairs)
            _pairs.AddRange(opened);
    }

    public Task Send(int pair, string text)
    {
        var (a, b) = _pairs[pair];
        return a.InvokeAsync("Relay", b.ConnectionId, text);
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(Connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());
        _pairs.Clear();
    }

    private HubConnection Connect() => new HubConnectionBuilder()
        .WithUrl(new Uri(relay.BaseAddress, "/hubs/relay"))
        .WithAutomaticReconnect(new SpreadRetry())
        .Build();
}
