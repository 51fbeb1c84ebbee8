namespace Hotline.IntegrationTests;

/// <summary>One running hotline per test class. Test classes run in parallel, each on its own port and data directory.</summary>
public class ServerFixture : IAsyncLifetime
{
    public ServerFixture() : this(null)
    {
    }

    protected ServerFixture(IReadOnlyDictionary<string, string>? settings) => Server = new HotlineServer(settings);

    public HotlineServer Server { get; }

    public Admin Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Admin = new Admin(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A hotline whose routing timers are short enough to watch them fire over real SignalR.</summary>
public sealed class FastRoutingFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__Routing__OfferTimeoutSeconds"] = "2",
    ["Hotline__Routing__DisconnectGraceSeconds"] = "1",
});

/// <summary>
/// A hotline whose disconnect grace is short (1 s) and whose offers keep their usual 30 s: a page must have time to
/// click Accept on a loaded machine.
/// </summary>
public sealed class ShortGraceFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__Routing__DisconnectGraceSeconds"] = "1",
});
