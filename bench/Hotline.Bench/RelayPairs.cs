using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

/// <summary>B1's and B2's clients: pairs of connections to a relay; A sends, the hub forwards to B by connection id.</summary>
public sealed class RelayPairs(ServerProcess relay, LedgerBook book, string name) : IMessagePath, IAsyncDisposable
{
    private readonly List<(HubConnection A, HubConnection B, string BId)> _pairs = [];

    public string Name => name;

    public int Pairs => _pairs.Count;

    public IEnumerable<HubConnection> Connections => _pairs.SelectMany(p => new[] { p.A, p.B });

    /// <summary>Opens <paramref name="count"/> more pairs, a few at a time.</summary>
    public async Task Open(int count, int parallel = 32)
    {
        var opened = new (HubConnection, HubConnection, string)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            var a = Connect();
            var b = Connect();
            b.On<string>("Received", book.Arrived);
            await Task.WhenAll(a.StartAsync(), b.StartAsync());
            opened[i] = (a, b, await b.InvokeAsync<string>("Whoami"));
        });
        lock (_pairs)
            _pairs.AddRange(opened);
    }

    public Task Send(int pair, string text)
    {
        var (a, _, b) = _pairs[pair];
        return a.InvokeAsync("Relay", b, text);
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(Connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.DisposeAsync());
        _pairs.Clear();
    }

    private HubConnection Connect() => HubClients.Connect(new Uri(relay.BaseAddress, "/hubs/relay"));
}
