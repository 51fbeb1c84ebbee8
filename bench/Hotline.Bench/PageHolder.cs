using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

/// <summary>
/// Counsellors' extra pages, held by a process of their own: one process may hold only 20,000 sockets
/// (<c>ulimit -n</c>), and the cluster's density step needs more client connections than that. Each page is one more
/// connection to /hubs/counselor that only stays open, as an extra tab does. The tokens go over standard input, not
/// the command line, where any user of the machine could read them.
/// </summary>
public sealed class PageHolder(Process process) : IAsyncDisposable
{
    private const string Ready = "ready";

    /// <summary>Starts a holder that opens <paramref name="pagesPerToken"/> pages on <paramref name="web"/> for each token,
    /// and returns once every page is connected.</summary>
    public static async Task<PageHolder> Open(IServer web, IReadOnlyList<string> tokens, int pagesPerToken)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(PageHolder).Assembly.Location, "pages", web.BaseAddress.ToString(), pagesPerToken.ToString()])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start)!;
        var holder = new PageHolder(process);
        foreach (var token in tokens)
            await process.StandardInput.WriteLineAsync(token);
        await process.StandardInput.WriteLineAsync();
        await process.StandardInput.FlushAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(10));
        if (line != Ready)
        {
            await holder.DisposeAsync();
            throw new InvalidOperationException($"The page holder for {web.Name} stopped before its {tokens.Count * pagesPerToken} pages were open.");
        }
        return holder;
    }

    /// <summary>The holder's side (<c>pages &lt;web node&gt; &lt;pages per token&gt;</c>): opens the pages, says so, and holds
    /// them until its standard input closes; then it ends, and its connections with it.</summary>
    public static async Task Run(Uri web, int pagesPerToken)
    {
        var tokens = new List<string>();
        while (await Console.In.ReadLineAsync() is { Length: > 0 } token)
            tokens.Add(token);
        var pages = tokens.SelectMany(token => Enumerable.Range(0, pagesPerToken).Select(_ => HubClients.Connect(new Uri(web, "/hubs/counselor"), token))).ToList();
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (page, cancel) => await page.StartAsync(cancel));
        Console.WriteLine(Ready);
        await Console.In.ReadToEndAsync();
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            process.Kill();
        }
        process.Dispose();
    }
}
