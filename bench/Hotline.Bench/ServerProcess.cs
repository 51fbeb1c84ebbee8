using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hotline.Bench;

/// <summary>
/// A server under test, started as its own process on a fixed loopback port so that it can be SIGKILLed and started
/// again where its clients expect it. Both servers (the bare relay and the product) are started and killed through
/// this one class, and measured as every node is (<see cref="ServerMemory"/>), so they are treated alike.
/// </summary>
public sealed class ServerProcess(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string readyPath) : IServer, IAsyncDisposable
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

    public async ValueTask DisposeAsync() => await KillAsync();

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
