using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.SignalR;
using OpenTelemetry.Metrics;

namespace Hotline.Bench;

/// <summary>
/// Baseline B1: the least a chat relay can do over SignalR. Client A invokes <c>Relay(to, text)</c>, the hub forwards
/// the text to connection B. It runs as its own process (this program with <c>relay</c>, listening where ASPNETCORE_URLS says), with the product's garbage
/// collector and the same /metrics, so its memory is measured the way the product's is.
/// </summary>
public static class RelayServer
{
    public static async Task Run()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("System.Runtime").AddPrometheusExporter());
        var app = builder.Build();
        app.MapHub<RelayHub>("/hubs/relay");
        app.MapGet("/healthz", () => "ok");
        app.MapPrometheusScrapingEndpoint("/metrics");
        await app.RunAsync();
    }
}

public sealed class RelayHub : Hub
{
    public Task Relay(string to, string text) => Clients.Client(to).SendAsync("Received", text);
}
