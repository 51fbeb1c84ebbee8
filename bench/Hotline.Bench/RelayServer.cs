using Hotline.Silo.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Bench;

/// <summary>
/// The baselines: the least a chat relay can do over SignalR. Client A invokes <c>Relay(to, text)</c>, the hub forwards
/// the text to connection B. B1 does only that. B2 (<c>--durable</c>) first stores each message through the product's own
/// SQLite grain storage (WAL, synchronous=FULL, group commit) and forwards it once committed: what durability alone
/// costs, without Orleans or the product's rules. Each runs as its own process (this program with <c>relay</c>,
/// listening where ASPNETCORE_URLS says), with the product's garbage collector and the same /metrics, so its memory
/// is measured the way the product's is.
/// </summary>
public static class RelayServer
{
    public static async Task Run(string? durableDatabase)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("System.Runtime").AddPrometheusExporter());
        builder.Services.AddSerializer();
        if (durableDatabase is not null)
            builder.Services.AddSingleton(services => new SqliteGrainStorage(
                new SqliteDatabase(durableDatabase), new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())));
        var app = builder.Build();
        app.MapHub<RelayHub>("/hubs/relay");
        app.MapGet("/healthz", () => "ok");
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.RunAsync();
    }
}

/// <summary>B1's hub, or B2's when the host registered a storage to write each message to first.</summary>
public sealed class RelayHub(SqliteGrainStorage? storage = null) : Hub
{
    /// <summary>The caller's connection id: without the negotiate request, a client does not learn it otherwise.</summary>
    public string Whoami() => Context.ConnectionId;

    private static long s_stored;

    public async Task Relay(string to, string text)
    {
        if (storage is not null)
        {
            var id = GrainId.Create("message", Interlocked.Increment(ref s_stored).ToString());
            await storage.WriteStateAsync("message", id, new GrainState<string>(text));
        }
        await Clients.Client(to).SendAsync("Received", text);
    }
}
