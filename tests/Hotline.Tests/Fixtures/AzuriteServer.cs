using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;
using Hotline.Silo.Records;

namespace Hotline.Tests.Fixtures;

/// <summary>
/// A real Azurite blob server (from tools/node_modules) on a free loopback port, with its data in a temp folder so
/// that it survives <see cref="Stop"/> and <see cref="Start"/>. Telemetry is off (nothing but loopback is reachable).
/// Azurite checks the API version, as Azure does: the archive's client pins one it knows
/// (<see cref="ArchiveContainer.ClientOptions"/>), so a client without the pin is refused with 400.
/// </summary>
public sealed class AzuriteServer : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _location = Directory.CreateTempSubdirectory("hotline-azurite-").FullName;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <summary>Chosen at the first start and kept across <see cref="Stop"/> and <see cref="Start"/>.</summary>
    public int Port { get; private set; } = FreeLoopbackPort();

    private bool _startedOnce;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>A container of its own for each test, so tests sharing this server never see each other's blobs.</summary>
    public BlobContainerClient NewContainer() =>
        new(ConnectionString, $"test-{Guid.NewGuid():N}", ArchiveContainer.ClientOptions());

    public Task InitializeAsync() => Start();

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { }
    }

    public async Task Start()
    {
        if (_process is not null)
            return;
        // A free port can be taken by someone else before Azurite listens on it (the suite runs projects in
        // parallel): the first start then tries another. A restart keeps its port, as the tests' clients expect.
        for (var attempt = 1; ; attempt++)
        {
            var failure = await TryStart();
            if (failure is null)
            {
                _startedOnce = true;
                return;
            }
            if (_startedOnce || attempt == 3)
                throw new InvalidOperationException(failure);
            Port = FreeLoopbackPort();
        }
    }

    /// <summary>Starts Azurite and waits until it answers; null once it does, otherwise what went wrong.</summary>
    private async Task<string?> TryStart()
    {
        _output.Clear();
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot(), "tools", "node_modules", ".bin", "azurite-blob"))
        {
            ArgumentList =
            {
                "--silent", "--disableTelemetry",
                "--location", _location, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Node and Azurite start slowly on a machine busy with the rest of the suite.
        using var deadline = new CancellationTokenSource(2 * Eventually.Deadline);
        while (!await Answers())
        {
            if (process.HasExited)
            {
                // Waiting for the exit also drains what it wrote, which the events may not have delivered yet.
                await process.WaitForExitAsync();
                var said = $"Azurite exited with code {process.ExitCode} before answering on port {Port}. It said: {string.Join(" | ", _output)}";
                process.Dispose();
                return said;
            }
            if (deadline.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
                return $"Azurite did not answer on port {Port} within {2 * Eventually.Deadline.TotalSeconds} s. It said: {string.Join(" | ", _output)}";
            }
            await Task.Delay(50);
        }
        _process = process;
        return null;
    }

    /// <summary>Stops the server as an outage would, after it has saved what it holds; the port then refuses connections.</summary>
    public async Task Stop()
    {
        if (_process is not { } process)
            return;
        using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            await terminate.WaitForExitAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        _process = null;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _output.Enqueue(line);
        while (_output.Count > 50)
            _output.TryDequeue(out _);
    }

    private async Task<bool> Answers()
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hotline.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Hotline.sln above {AppContext.BaseDirectory}.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One Azurite for every test class in this collection; each test takes its own container.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteServer>
{
    public const string Name = "Azurite";
}
