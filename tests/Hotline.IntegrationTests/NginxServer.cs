using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Hotline.IntegrationTests;

/// <summary>
/// Debian's real nginx, run as the current user in the foreground (daemon off) on a free loopback port, with every
/// path it writes (pid, error log, temp files) in a temp folder, and the repo's own site file
/// (docs/deploy/nginx-hotline.conf) with its ${HOTLINE_...} values filled in as the README says.
/// </summary>
public sealed class NginxServer : IHotlineSite, IAsyncDisposable
{
    public const string SiteFile = "docs/deploy/nginx-hotline.conf";

    private readonly string _directory;
    private readonly Process _process;
    private readonly List<string> _output = [];

    private NginxServer(string directory, Process process, Uri baseAddress)
    {
        _directory = directory;
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts nginx in front of <paramref name="upstream"/> (host:port), with TLS from <paramref name="certificate"/>.</summary>
    public static async Task<NginxServer> Start(string upstream, TestCertificate certificate)
    {
        var directory = Directory.CreateTempSubdirectory("hotline-nginx-").FullName;
        var port = FreeLoopbackPort();
        var site = File.ReadAllText(Path.Combine(HotlineServer.RepositoryRoot(), SiteFile))
            .Replace("${HOTLINE_LISTEN}", $"127.0.0.1:{port}")
            .Replace("${HOTLINE_SERVER_NAME}", TestCertificate.HostName)
            .Replace("${HOTLINE_UPSTREAM}", upstream)
            .Replace("${HOTLINE_CERTIFICATE}", certificate.CertificatePath)
            .Replace("${HOTLINE_CERTIFICATE_KEY}", certificate.KeyPath);
        Assert.DoesNotContain(site.Split('\n'), line => !line.TrimStart().StartsWith('#') && line.Contains("${", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(directory, "hotline.conf"), site);
        File.WriteAllText(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            user {{Environment.UserName}};
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log stderr notice;
            events { worker_connections 256; }
            http {
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                include {{directory}}/hotline.conf;
            }
            """);

        // Debian puts it in /usr/sbin, which is not on every user's PATH.
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx", ["-p", directory, "-c", Path.Combine(directory, "nginx.conf"), "-e", "stderr"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var nginx = new NginxServer(directory, process, new Uri($"https://127.0.0.1:{port}"));
        // nginx binds its listening socket before it starts the worker that serves it: this line means it takes connections.
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (nginx._output)
                nginx._output.Add(e.Data);
            if (e.Data.Contains("start worker process ", StringComparison.Ordinal))
                serving.TrySetResult();
        };
        process.Exited += (_, _) => serving.TrySetException(new InvalidOperationException("nginx exited while starting:\n" + nginx.Output));
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await serving.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return nginx;
    }

    /// <summary>What nginx wrote (its error log), to explain a failure.</summary>
    public string Output
    {
        get { lock (_output) return string.Join("\n", _output); }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
