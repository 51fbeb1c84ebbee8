using System.Diagnostics;
using Hotline.BrowserTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotline.ClusterTests;

/// <summary>
/// Two real pages in Chromium, a worker's on web node 1 and a counsellor's on web node 2, chat while every Redis
/// pub/sub connection is closed again and again. What either side's page shows as sent must reach the other page
/// once, in order, without a reload: an event lost with a subscription is caught up by the page. The bound, 15 s, is
/// past the pages' 10 s head check, so a message still missing then was lost for good; how soon each one came (the
/// node's catch-up after its subscription is back) is measured and printed, not asserted. Neither page may be
/// refused on the way: the pages check at most once every 3 s however often CatchUp comes, within an allowance of
/// GetMessagesAfter that the cluster sets to half the default (<see cref="HotlineCluster.WorkerCallsPerMinute"/>).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PagesUnderPubSubFaultTests(HotlineCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 15;
    private static readonly LocatorAssertionsToHaveCountOptions PastTheHeadCheck = new() { Timeout = 15_000 };

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.Launch(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task Every_message_a_page_shows_as_sent_reaches_the_other_node_s_page_once_in_order_while_redis_pubsub_connections_are_killed_in_a_loop()
    {
        var (userName, password) = await cluster.Admin.CreateCounselor("郑老师");
        var worker = await (await _browser.NewContextAsync()).NewPageAsync();
        await worker.GotoAsync(cluster.Web(1).BaseAddress.ToString());
        await worker.Locator("#first-message").FillAsync("first: 我想找人聊聊");
        await worker.Locator("#consent").CheckAsync();
        await worker.Locator("#start-button").ClickAsync();

        var counselor = await (await _browser.NewContextAsync()).NewPageAsync();
        await counselor.GotoAsync(new Uri(cluster.Web(2).BaseAddress, "/counselor.html").ToString());
        await counselor.Locator("#login-user").FillAsync(userName);
        await counselor.Locator("#login-password").FillAsync(password);
        await counselor.Locator("#login-button").ClickAsync();
        await counselor.Locator("#presence-available").ClickAsync();
        await counselor.Locator(".offer:has-text('first: 我想找人聊聊') .accept-offer").ClickAsync();
        await Expect(worker.Locator("#messages .msg.system")).ToContainTextAsync("郑老师");

        using var stop = new CancellationTokenSource();
        var kills = 0;
        var faults = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await cluster.KillPubSub();
                kills++;
                // The rhythm of the fault, not a wait for anything: a few kills per exchange.
                await Task.Delay(100);
            }
        });

        var said = new List<string> { "first: 我想找人聊聊" };
        var arrivals = new List<TimeSpan>();
        try
        {
            for (var round = 1; round <= Rounds; round++)
            {
                said.Add($"worker {round}");
                arrivals.Add(await Say(worker, "#message-input", "#send-button", "#messages", said[^1], on: counselor, "#chat-messages"));
                said.Add($"counsellor {round}");
                arrivals.Add(await Say(counselor, "#chat-input", "#chat-send", "#chat-messages", said[^1], on: worker, "#messages"));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await faults;
        }
        arrivals.Sort();
        output.WriteLine($"{arrivals.Count} messages reached the other page while Redis pub/sub connections were closed {kills} times: " +
            $"median {arrivals[arrivals.Count / 2].TotalMilliseconds:F0} ms, slowest {arrivals[^1].TotalMilliseconds:F0} ms after the sender's page showed it sent");

        Assert.True(kills >= Rounds, $"Only {kills} kills during {Rounds} rounds: the fault was not really there.");
        // A page that asked at every CatchUp spent its allowance of GetMessagesAfter, and was refused, in CI.
        await Expect(worker.Locator("#error")).ToBeEmptyAsync();
        await Expect(counselor.Locator("#error")).ToBeEmptyAsync();
        Assert.Equal(said, await Shown(worker, "#messages"));
        Assert.Equal(said, await Shown(counselor, "#chat-messages"));

        // Leave nothing behind for the next test on this cluster: the chat ended, the counsellor offline.
        await worker.Locator("#end-button").ClickAsync();
        await Expect(worker.Locator("#end-button")).ToBeHiddenAsync();
        await counselor.Locator("#presence-offline").ClickAsync();
        await Expect(counselor.Locator("#presence-current")).ToContainTextAsync(await counselor.Locator("#presence-offline").InnerTextAsync());
    }

    /// <summary>Types and sends <paramref name="text"/> on one page, waits until that page shows it sent (at its seq), then until the other page shows it once; answers how long that took.</summary>
    private static async Task<TimeSpan> Say(IPage from, string input, string send, string fromList, string text, IPage on, string onList)
    {
        await from.Locator(input).FillAsync(text);
        await from.Locator(send).ClickAsync();
        await Expect(Sent(from, fromList, text)).ToHaveCountAsync(1);
        var sent = Stopwatch.StartNew();
        await Expect(Sent(on, onList, text)).ToHaveCountAsync(1, PastTheHeadCheck);
        return sent.Elapsed;
    }

    private static ILocator Sent(IPage page, string list, string text) =>
        page.Locator($"{list} .msg[data-seq]").GetByText(text, new() { Exact = true });

    private static async Task<IReadOnlyList<string>> Shown(IPage page, string list) =>
        (await page.Locator($"{list} .msg[data-seq]").AllTextContentsAsync()).Select(t => t.Trim()).ToList();
}
