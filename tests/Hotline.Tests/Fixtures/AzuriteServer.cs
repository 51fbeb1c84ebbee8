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

    public int Port { get; } = FreeLoopbackPort();

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
        _process = process;

        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        while (!await Answers())
        {
            if (process.HasExited || deadline.IsCancellationRequested)
                throw new InvalidOperationException($"Azurite did not answer on port {Port}. It said: {string.Join(" | ", _output)}");
            await Task.Delay(50);
        }
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
