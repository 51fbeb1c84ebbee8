namespace Hotline.IntegrationTests;

/// <summary>One running hotline per test class. Test classes run in parallel, each on its own port and data directory.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public HotlineServer Server { get; } = new();

    public Admin Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Admin = new Admin(Server);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
