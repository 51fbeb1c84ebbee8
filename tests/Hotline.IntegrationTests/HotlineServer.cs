using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Hotline.IntegrationTests;

/// <summary>
/// The real product: `Hotline.Web.dll` started as its own process on a loopback port (Kestrel, embedded silo,
/// SQLite on disk), configured only through environment variables as an operator would. It can be killed
/// and started again on the same data directory.
/// </summary>
public sealed partial class HotlineServer : IHotlineSite, IAsyncDisposable
{
    public const string AdminUserName = "root-admin";
    public const string AdminPassword = "Bootstrap-Admin-2026";

    private readonly Dictionary<string, string> _settings;
    private Process? _process;
    private TaskCompletionSource _outputEnded = new();
    private TaskCompletionSource _errorEnded = new();
    // Completed and replaced on every line, so any number of waiters wake to look again.
    private TaskCompletionSource _lineWritten = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HotlineServer(IReadOnlyDictionary<string, string>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("hotline-web-").FullName;
        _settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Hotline__DataDirectory"] = DataDirectory,
            ["Hotline__BootstrapAdmin__UserName"] = AdminUserName,
            ["Hotline__BootstrapAdmin__Password"] = AdminPassword,
        };
        foreach (var (key, value) in TestServerSettings.Concat(settings ?? new Dictionary<string, string>()))
            _settings[key] = value;
    }

    /// <summary>
    /// Every test talks from 127.0.0.1, so the limits per client address are opened, and the second factor is off;
    /// the tests of those limits and of the second factor set their own (and connect from other loopback addresses).
    /// Password hashes take a tenth of the production work: the suite makes and signs in hundreds of accounts on
    /// two cores; PasswordHashTests prove the production count.
    /// </summary>
    public static IReadOnlyDictionary<string, string> TestServerSettings { get; } = new Dictionary<string, string>
    {
        // Every test talks from 127.0.0.1; the rate-limit tests set their own limits.
        ["Hotline__RateLimits__LoginPerMinutePerAddress"] = "100000",
        ["Hotline__RateLimits__StartChatPerMinutePerAddress"] = "100000",
        ["Hotline__RateLimits__MessagesPerMinutePerAddress"] = "100000",
        // The same for sign-in back-off per address (per account and address it stays on: a test that mistypes
        // a password waits as anyone would); the back-off tests set their own.
        ["Hotline__Auth__BackOffFreeFailuresPerAddress"] = "100000",
        // Supervisors and admins sign in with the password alone here; SecondFactorTests turn the second factor on and prove it.
        ["Hotline__Auth__SecondFactorRoles"] = "none",
        // Abuse limits per address (the abuse tests set their own, and connect from other loopback addresses).
        ["Hotline__RateLimits__ChallengeAbovePerMinutePerAddress"] = "100000",
        ["Hotline__RateLimits__WaitingChatsPerAddress"] = "100000",
        ["Hotline__RateLimits__WorkerConnectionsPerAddress"] = "100000",
        ["Hotline__RateLimits__StaffConnectionsPerAddress"] = "100000",
        ["Hotline__Auth__PasswordHashIterations"] = "21000",
    };

    public string DataDirectory { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the process wrote to stdout and stderr (to check that logs hold no secrets, and to explain failures).</summary>
    public List<string> Output { get; } = [];

    /// <summary>The first line of output, already written or still to come, that matches: a log line as the barrier for work that says nothing else.</summary>
    public async Task<string> WaitForOutput(Func<string, bool> match, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            Task written;
            lock (Output)
            {
                if (Output.FirstOrDefault(match) is { } line)
                    return line;
                written = _lineWritten.Task;
            }
            try
            {
                await written.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching line of output within {timeoutSeconds} s.");
            }
        }
    }

    public async Task StartAsync()
    {
        var repository = RepositoryRoot();
        var web = Path.Combine(repository, "src", "Web");
        var dll = Path.Combine(AppContext.BaseDirectory, "Hotline.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--contentRoot", web])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in _settings)
            start.Environment[key] = value;

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outputEnded = _outputEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errorEnded = _errorEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, listening, outputEnded);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, listening, errorEnded);
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The hotline exited while starting:\n" + string.Join("\n", Output)));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await WaitUntilReady();
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or a power cut.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>
    /// SIGTERM, as a service manager stops it: the host shuts down and its loggers flush their queues. Returns once
    /// the process has exited and both of its output streams have been read to the end, so <see cref="Output"/>
    /// then holds every line it wrote.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0)
                throw new InvalidOperationException($"kill -TERM {_process.Id} failed");
        }
        await _process.WaitForExitAsync();
        await Task.WhenAll(_outputEnded.Task, _errorEnded.Task);
        var exitCode = _process.ExitCode;
        _process.Dispose();
        _process = null;
        Assert.True(exitCode == 0, $"The hotline did not shut down cleanly (exit code {exitCode}):\n{string.Join("\n", Output)}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        // The keys the hotline generated, in their folder beside the data (Hotline:Keys:Directory's default).
        try { Directory.Delete(DataDirectory + "-keys", recursive: true); } catch (IOException) { }
    }

    private void OnLine(string? line, TaskCompletionSource<Uri> listening, TaskCompletionSource ended)
    {
        // A null line is the end of the stream.
        if (line is null)
        {
            ended.TrySetResult();
            return;
        }
        TaskCompletionSource written;
        lock (Output)
        {
            Output.Add(line);
            written = _lineWritten;
            _lineWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        written.SetResult();
        if (ListeningPattern().Match(line) is { Success: true } match)
            listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    private async Task WaitUntilReady()
    {
        using var http = this.CreateClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/readyz", timeout.Token)).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            // Polling a readiness endpoint: the only signal the process gives.
            await Task.Delay(100, timeout.Token);
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotline.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Hotline.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningPattern();
}
