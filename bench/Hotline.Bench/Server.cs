using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;

namespace Hotline.Bench;

/// <summary>A running server process the benchmark talks to and measures: one it started itself, or a node of the cluster.</summary>
public interface IServer
{
    string Name { get; }

    Uri BaseAddress { get; }

    int ProcessId { get; }
}

/// <summary>What a server process holds in memory: the live managed heap after a full collection, and its resident set.</summary>
public sealed record MemorySample(long HeapBytes, long ResidentBytes);

public static class ServerMemory
{
    /// <summary>Forces a full, blocking collection in the server (through the runtime's diagnostics port, as a heap dump
    /// does), then reads the heap left after it from /metrics and the resident set from /proc.</summary>
    public static async Task<MemorySample> MeasureMemoryAsync(this IServer server)
    {
        using var http = MetricsClient(server);
        var before = Metric(await http.GetStringAsync("/metrics"), "dotnet_gc_collections_total", "gen2");
        var client = new DiagnosticsClient(server.ProcessId);
        const long gcHeapCollect = 0x800000;
        using (var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, gcHeapCollect)], requestRundown: false))
        {
            var drain = session.EventStream.CopyToAsync(Stream.Null);
            var deadline = Stopwatch.StartNew();
            string metrics;
            do
            {
                await Task.Delay(200);
                metrics = await http.GetStringAsync("/metrics");
            }
            while (Metric(metrics, "dotnet_gc_collections_total", "gen2") <= before && deadline.Elapsed < TimeSpan.FromSeconds(30));
            await session.StopAsync(CancellationToken.None);
            await drain;
        }
        // Read again after the collection has been reported, so the heap figure is the one it left.
        await Task.Delay(500);
        var after = await http.GetStringAsync("/metrics");
        // Live objects only: the heap's size after the collection, less the free space it left between them.
        var live = Metric(after, "dotnet_gc_last_collection_heap_size_bytes", null) - Metric(after, "dotnet_gc_last_collection_heap_fragmentation_size_bytes", null);
        return new MemorySample((long)live, ResidentBytes(server.ProcessId));
    }

    private static long ResidentBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    /// <summary>How many methods the server's runtime has compiled so far, tier-ups included (the <c>System.Runtime</c> meter).</summary>
    public static async Task<double> CompiledMethodsAsync(this IServer server)
    {
        using var http = MetricsClient(server);
        return Metric(await http.GetStringAsync("/metrics"), "dotnet_jit_compiled_methods_total", null);
    }

    private static HttpClient MetricsClient(IServer server) => new()
    {
        BaseAddress = server.BaseAddress,
        DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Servers.MetricsToken) },
    };

    /// <summary>Sums a Prometheus metric's samples, optionally only those whose labels mention <paramref name="label"/>.</summary>
    private static double Metric(string metrics, string name, string? label) => metrics
        .Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is '{' or ' '))
        .Where(line => label is null || line.Contains($"\"{label}\"", StringComparison.Ordinal))
        .Sum(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));
}
