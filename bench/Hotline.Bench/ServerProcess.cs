using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Diagnostics.NETCore.Client;

namespace Hotline.Bench;

/// <summary>What a server process holds in memory: the live managed heap after a full collection, and its resident set.</summary>
public sealed record MemorySample(long HeapBytes, long ResidentBytes);

/// <summary>
/// A server under test, started as its own process on a fixed loopback port so that it can be SIGKILLed and started
/// again where its clients expect it. Both servers (the bare relay and the product) are started, measured and killed
/// through this one class, so they are treated alike.
/// </summary>
public sealed class ServerProcess(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string readyPath) : IAsyncDisposable
{
    private Process? _process;

    public string Name { get; } = name;

    public int Port { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running.");

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString();
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        _process = Process.Start(start)!;
        // Drain the output so the child never blocks on a full pipe; keep only errors for the console.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"[{Name}] {line}"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReady();
    }

    /// <summary>SIGKILL, as in a crash: no shutdown code runs and every connection drops at once.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Forces a full, blocking collection in the server (through the runtime's diagnostics port, as a heap dump
    /// does), then reads the heap left after it from /metrics and the resident set from /proc.</summary>
    public async Task<MemorySample> MeasureMemoryAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var before = Metric(await http.GetStringAsync("/metrics"), "dotnet_gc_collections_total", "gen2");
        var client = new DiagnosticsClient(ProcessId);
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
        return new MemorySample((long)live, ResidentBytes());
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        return 0;
    }

    /// <summary>How many methods the runtime has compiled so far, tier-ups included (the <c>System.Runtime</c> meter).</summary>
    public async Task<double> CompiledMethodsAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        return Metric(await http.GetStringAsync("/metrics"), "dotnet_jit_compiled_methods_total", null);
    }

    /// <summary>Sums a Prometheus metric's samples, optionally only those whose labels mention <paramref name="label"/>.</summary>
    private static double Metric(string metrics, string name, string? label) => metrics
        .Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (line.Length == name.Length || line[name.Length] is '{' or ' '))
        .Where(line => label is null || line.Contains($"\"{label}\"", StringComparison.Ordinal))
        .Sum(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture));

    private async Task WaitUntilReady()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"{Name} exited while starting (code {_process.ExitCode}).");
            try
            {
                if ((await http.GetAsync(readyPath)).IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} was not ready within 90 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
