using System.Diagnostics;
using System.Globalization;

namespace Hotline.IntegrationTests;

public sealed partial class HotlineServer
{
    /// <summary>
    /// SIGTERM, as an operator stops the hotline: the host shuts down and the console logger writes out its queue.
    /// Returns once the process has exited and everything it wrote has been read into <see cref="Output"/>, so a scan
    /// of the output then sees the lines of the very last request.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // With the output read asynchronously, this also waits for the end of stdout and stderr.
        await _process.WaitForExitAsync(timeout.Token);
        var exitCode = _process.ExitCode;
        _process.Dispose();
        _process = null;
        Assert.True(exitCode == 0, $"The hotline did not shut down cleanly (exit code {exitCode}):\n{string.Join("\n", Output)}");
    }
}
