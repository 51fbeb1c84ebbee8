using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Hotline.IntegrationTests;

/// <summary>
/// Retention as an operator sees it: the real server's daily run (its reminder is due a minute after each start)
/// deletes what is due, skips an unreadable record with a log line, and counts both in /metrics.
/// </summary>
public sealed partial class RetentionMetricsTests : IAsyncLifetime
{
    private const string Token = "scrape-token-for-tests-0123456789";

    // Nothing is kept: every record closed before the run is due.
    private readonly HotlineServer _server = new(new Dictionary<string, string>
    {
        ["Hotline__Metrics__Token"] = Token,
        ["Hotline__Retention__Days"] = "0",
    });

    public Task InitializeAsync() => _server.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_run_deletes_past_an_unreadable_record_and_counts_runs_deletions_and_skips()
    {
        // The first start's run, over an empty archive: then the records below wait for the next start's run.
        Assert.Equal((1, 0, 0), await RetentionCounts(c => c.Runs >= 1));

        await using (var worker = await WorkerSession.Connect(_server))
        {
            await worker.StartChat("retention metrics text");
            await worker.Connection.InvokeAsync("EndChat");
        }
        var archive = Path.Combine(_server.DataDirectory, "archive");
        await Until(() => Directory.Exists(archive) && Directory.EnumerateFiles(archive, "*.record").Any(), "the abandoned chat archived");
        var record = Directory.EnumerateFiles(archive, "*.record").Single();
        var damaged = Path.Combine(archive, $"{Guid.Empty:N}.record");
        await File.WriteAllTextAsync(damaged, "{ not a sealed record");

        await _server.KillAsync();
        await _server.StartAsync();

        Assert.Equal((1, 1, 1), await RetentionCounts(c => c.Runs >= 1));
        Assert.False(File.Exists(record), "the readable record is deleted");
        Assert.True(File.Exists(damaged), "the unreadable record is left for someone to look at");
        await _server.WaitForOutput(line => line.Contains($"Retention skipped the archived record {Guid.Empty:N}.record"));
    }

    /// <summary>This process's retention counters, asked until <paramref name="shows"/> holds (the exporter caches a scrape for a moment).</summary>
    private async Task<(long Runs, long Deleted, long Skipped)> RetentionCounts(Func<(long Runs, long Deleted, long Skipped), bool> shows)
    {
        using var http = _server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        // The run is due a minute after the start, then the exporter's cache.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (true)
        {
            var text = await http.GetStringAsync("/metrics", deadline.Token);
            var counts = (Counter(text, "runs"), Counter(text, "conversations_deleted"), Counter(text, "records_skipped"));
            if (shows(counts))
                return counts;
            await Task.Delay(500, deadline.Token);
        }
    }

    private static long Counter(string metrics, string name) =>
        Regex.Match(metrics, $@"^hotline_retention_{name}_total(?:\{{[^}}]*\}})? (\d+)", RegexOptions.Multiline) is { Success: true } match
            ? long.Parse(match.Groups[1].Value)
            : 0;

    private static async Task Until(Func<bool> happened, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!happened())
        {
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"{what} did not happen within 30 s.");
            await Task.Delay(50);
        }
    }
}
