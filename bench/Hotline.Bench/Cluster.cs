using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Hotline.Bench;

/// <summary>A node of the cluster, started by <c>scripts/cluster.sh</c>.</summary>
public sealed record ClusterNode(string Name, Uri BaseAddress, int ProcessId) : IServer;

/// <summary>
/// The cluster profile (Redis, Azurite, two silos, two web nodes) as <c>scripts/cluster.sh up</c> starts it, in a
/// folder of its own and on free ports, so that it never meets a cluster someone else runs here. Disposing it runs
/// <c>scripts/cluster.sh down</c>; the folder (logs, pids, data) is kept when the run failed.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly PosixSignalRegistration[] _signals;

    private Cluster(string directory, Dictionary<string, string> environment)
    {
        (Directory, _environment) = (directory, environment);
        // Ctrl+C or a kill ends this process without running its finally blocks: take the cluster down first.
        _signals = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop)];
    }

    /// <summary>HOTLINE_CLUSTER_DIR: pids, logs, data and generated secrets.</summary>
    public string Directory { get; }

    public IReadOnlyList<ClusterNode> WebNodes { get; private set; } = [];

    public IReadOnlyList<ClusterNode> Silos { get; private set; } = [];

    /// <summary>Keeps the folder after <see cref="DisposeAsync"/>, for its logs.</summary>
    public bool KeepDirectory { get; set; }

    public static async Task<Cluster> Up(IReadOnlyDictionary<string, string> settings)
    {
        var ports = FreePorts(10);
        var directory = System.IO.Directory.CreateTempSubdirectory("hotline-cluster-").FullName;
        var environment = new Dictionary<string, string>(settings)
        {
            ["HOTLINE_CLUSTER_DIR"] = directory,
            ["HOTLINE_WEB_PORTS"] = $"{ports[0]} {ports[1]}",
            ["HOTLINE_SILO_HTTP_PORTS"] = $"{ports[2]} {ports[3]}",
            ["HOTLINE_SILO_PORTS"] = $"{ports[4]} {ports[5]}",
            ["HOTLINE_GATEWAY_PORTS"] = $"{ports[6]} {ports[7]}",
            ["HOTLINE_REDIS_PORT"] = $"{ports[8]}",
            ["HOTLINE_AZURITE_PORT"] = $"{ports[9]}",
        };
        // The benchmark runs after a Release build of the product, which is what cluster.sh would build again.
        var root = Servers.RepositoryRoot();
        if (File.Exists(Path.Combine(root, "src", "Web", "bin", "Release", "net10.0", "Hotline.Web.dll"))
            && File.Exists(Path.Combine(root, "src", "Silo", "bin", "Release", "net10.0", "Hotline.Silo.dll")))
            environment["HOTLINE_NO_BUILD"] = "1";
        var cluster = new Cluster(directory, environment);
        try
        {
            await cluster.Script("up");
            cluster.WebNodes = [cluster.Node("web1", ports[0]), cluster.Node("web2", ports[1])];
            cluster.Silos = [cluster.Node("silo1", ports[2]), cluster.Node("silo2", ports[3])];
            return cluster;
        }
        catch
        {
            cluster.KeepDirectory = true;
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals)
            signal.Dispose();
        await Down();
    }

    private async Task Down()
    {
        await Script("down");
        if (!KeepDirectory)
            System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>
    /// Ports free now and below the kernel's ephemeral range: the nodes bind theirs only some seconds after they are
    /// chosen, and meanwhile an outgoing connection (of this run's clients, or of anything else on the machine) may be
    /// given any free port inside that range.
    /// </summary>
    private static int[] FreePorts(int count)
    {
        var ephemeralFrom = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0]);
        var ports = new HashSet<int>();
        for (var attempt = 0; ports.Count < count; attempt++)
        {
            if (attempt > 1000)
                throw new InvalidOperationException($"Could not find {count} free ports below {ephemeralFrom}.");
            var port = Random.Shared.Next(ephemeralFrom > 11_000 ? 10_000 : 1024, ephemeralFrom);
            try
            {
                var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                listener.Stop();
                ports.Add(port);
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
        return [.. ports];
    }

    private void Stop(PosixSignalContext context)
    {
        // Not DisposeAsync: a registration cannot be disposed from its own handler.
        KeepDirectory = true;
        Down().GetAwaiter().GetResult();
        Console.Error.WriteLine($"{context.Signal}: cluster stopped; its logs are kept in {Directory}/logs");
    }

    private ClusterNode Node(string name, int port) =>
        new(name, new Uri($"http://127.0.0.1:{port}"), int.Parse(File.ReadAllText(Path.Combine(Directory, "pids", name)).Trim()));

    private async Task Script(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Servers.RepositoryRoot(), "scripts", "cluster.sh"), command])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _environment)
            start.Environment[key] = value;
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var errors = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        if (script.ExitCode != 0)
            throw new InvalidOperationException($"scripts/cluster.sh {command} failed (exit {script.ExitCode}); logs in {Directory}/logs:\n{await output}{await errors}");
    }
}
