using System.Diagnostics;

namespace Hotline.ClusterTests;

/// <summary>
/// The cluster profile as an operator runs it: `scripts/cluster.sh up` (Redis, Azurite, 2 silos, 2 web nodes, all real
/// processes on loopback), on ports of its own and a temporary folder, with faults made by the same script.
/// </summary>
public sealed class HotlineCluster : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hotline-cluster-").FullName;

    public static readonly int[] WebPorts = [5401, 5402];

    public const int WorkerCallsPerMinute = 60;

    public const int RedisPort = 6490;

    /// <summary>Redis's data (its AOF under appendonlydir/), as the script keeps it.</summary>
    public string RedisData => Path.Combine(_folder, "redis");

    /// <summary>Azurite's data: the archive's blobs and their versions.</summary>
    public string AzuriteData => Path.Combine(_folder, "azurite");

    /// <summary>What `up` made: the cluster's CA, each node's certificate, Redis's password.</summary>
    public string Secrets => Path.Combine(_folder, "secrets");

    public const int LeaseSeconds = 6;

    public const int GraceSeconds = 3;

    /// <summary>Longer than any of the script's own bounded waits (2 minutes for a node to answer).</summary>
    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromMinutes(3);

    public IHotlineSite Web(int node) => new WebNode(new Uri($"http://127.0.0.1:{WebPorts[node - 1]}"));

    public Admin Admin { get; private set; } = null!;

    public Task InitializeAsync() => Script("up").ContinueWith(t =>
    {
        t.GetAwaiter().GetResult();
        Admin = new Admin(Web(1));
    });

    public async Task DisposeAsync()
    {
        await Script("down");
        // HOTLINE_KEEP_CLUSTER_LOGS=1 keeps the folder (logs, Redis and Azurite data) to look into a failure.
        if (Environment.GetEnvironmentVariable("HOTLINE_KEEP_CLUSTER_LOGS") != "1")
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    public Task KillSilo(int n) => Script("kill-silo", n.ToString());

    public Task StartSilo(int n) => Script("start-silo", n.ToString());

    public Task KillWeb(int n) => Script("kill-web", n.ToString());

    public Task StartWeb(int n) => Script("start-web", n.ToString());

    public Task RestartRedis() => Script("restart-redis");

    public Task KillPubSub() => Script("kill-pubsub");

    public Task StopAzurite() => Script("stop-azurite");

    public Task StartAzurite() => Script("start-azurite");

    /// <summary>What a node wrote (for a failure message).</summary>
    public string Log(string name) => File.Exists(Path.Combine(_folder, "logs", name + ".log")) ? File.ReadAllText(Path.Combine(_folder, "logs", name + ".log")) : "";

    private async Task Script(params string[] arguments)
    {
        var script = Path.Combine(HotlineServer.RepositoryRoot(), "scripts", "cluster.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["HOTLINE_CLUSTER_DIR"] = _folder;
        start.Environment["HOTLINE_NO_BUILD"] = "1"; // the test run has built the solution in Release
        start.Environment["HOTLINE_WEB_PORTS"] = string.Join(' ', WebPorts);
        start.Environment["HOTLINE_SILO_HTTP_PORTS"] = "5411 5412";
        start.Environment["HOTLINE_SILO_PORTS"] = "11211 11212";
        start.Environment["HOTLINE_GATEWAY_PORTS"] = "30101 30102";
        start.Environment["HOTLINE_REDIS_PORT"] = RedisPort.ToString();
        start.Environment["HOTLINE_AZURITE_PORT"] = "10200";
        start.Environment["Hotline__BootstrapAdmin__UserName"] = HotlineServer.AdminUserName;
        start.Environment["Hotline__BootstrapAdmin__Password"] = HotlineServer.AdminPassword;
        // Short leases, so that a dead web node's people count as gone within seconds (renewed every 2 s).
        start.Environment["Hotline__Routing__ConnectionLeaseSeconds"] = LeaseSeconds.ToString();
        start.Environment["Hotline__Routing__DisconnectGraceSeconds"] = GraceSeconds.ToString();
        foreach (var (key, value) in HotlineServer.TestServerSettings)
            start.Environment[key] = value;
        start.Environment["Hotline__RateLimits__MessagesPerMinutePerConnection"] = "100000";
        // Half the default: PagesUnderPubSubFaultTests' storm of CatchUp spends this if a page asks at every one.
        start.Environment["Hotline__RateLimits__WorkerCallsPerMinutePerConnection"] = WorkerCallsPerMinute.ToString();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ScriptDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            // Its own waits are bounded, so it is stuck: stop it and whatever it started in this call, then say what it said.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw Failure(arguments, $"did not finish within {ScriptDeadline.TotalMinutes} minutes and was killed", await output, await errors);
        }
        if (process.ExitCode != 0)
            throw Failure(arguments, $"failed (exit code {process.ExitCode})", await output, await errors);
    }

    private InvalidOperationException Failure(string[] arguments, string what, string output, string errors) =>
        new($"cluster.sh {string.Join(' ', arguments)} {what}:\n{output}\n{errors}" +
            string.Concat(new[] { "silo1", "silo2", "web1", "web2" }.Select(node => $"\n--- {node} ---\n{Tail(node)}")));

    private string Tail(string name) => string.Join('\n', Log(name).Split('\n').TakeLast(40));

    private sealed record WebNode(Uri BaseAddress) : IHotlineSite;
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<HotlineCluster>
{
    public const string Name = "cluster";
}
