using System.Diagnostics;

namespace Hotline.IntegrationTests;

public sealed partial class HotlineServer
{
    /// <summary>
    /// Runs the product's own command line (for example <c>audit verify</c>) as an operator would, with this server's
    /// settings and <paramref name="overrides"/>, and returns its exit code and what it printed.
    /// </summary>
    public async Task<(int ExitCode, string Output, string Error)> RunCommand(IReadOnlyDictionary<string, string>? overrides, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Hotline.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. args, "--contentRoot", Path.Combine(RepositoryRoot(), "src", "Web")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in _settings.Concat(overrides ?? new Dictionary<string, string>()))
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }
}
