using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The network console at 1280×800: an admin sees the 12 lines in Chinese, then in English, sorts by waiting so the
/// line with a waiting chat comes first, and sees the mark, with its words, on a line with nobody on duty.
/// </summary>
public sealed class NetworkConsoleTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task An_admin_sees_every_line_in_their_language_sorts_by_waiting_and_sees_which_lines_are_below_minimum_seats()
    {
        // Nobody serves Luoyang, so its chat waits there; the figures take it one-way, so it is read until it shows.
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat("洛阳的职工想聊聊", line: "luoyang");
        await WaitingAtLuoyang();

        var failures = new List<string>();
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                failures.Add($"console error: {message.Text} at {message.Location}");
        };
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/network.html").ToString());
        await SignIn(page, HotlineServer.AdminUserName, HotlineServer.AdminPassword);

        var rows = page.Locator("#network-table tbody tr");
        await Expect(rows).ToHaveCountAsync(12);
        await Expect(rows.First.Locator("td").First).ToHaveTextAsync("全国职工心理援助热线（后备）");
        var luoyang = page.Locator("#network-table tr[data-line='luoyang']");
        await Expect(luoyang.Locator("td").First).ToHaveTextAsync("洛阳市总工会职工心理援助热线");
        await Expect(luoyang.Locator("td").Nth(2)).ToHaveTextAsync("1");
        // The national line takes chats around the clock and nobody serves it: the mark and its words, not a colour.
        var national = page.Locator("#network-table tr[data-line='national']");
        await Expect(national.Locator(".below-minimum-mark")).ToHaveTextAsync("⚠ 低于最少席位");

        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(luoyang.Locator("td").First).ToHaveTextAsync("Luoyang Federation of Trade Unions support line");
        await Expect(national.Locator(".below-minimum-mark")).ToHaveTextAsync("⚠ Below minimum seats");
        await Expect(page.Locator("#network-table th").First).ToHaveTextAsync("Line");
        // Henan's own row has nothing waiting; with Luoyang under it, one.
        await Expect(page.Locator("#network-table tr[data-line='henan'] td").Last).ToHaveTextAsync("1 waiting · 0 on duty · 0 answered · — by their own line · 0 by backup");

        await page.Locator("#network-table th button[data-column='networkWaiting']").ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-line", "luoyang");
        await Expect(page.Locator("#network-table th[aria-sort='descending']")).ToHaveTextAsync("Waiting");
        // A refresh keeps the order the reader chose; the chart follows the table, in the page's language.
        await page.Locator("#network-refresh").ClickAsync();
        await Expect(rows.First).ToHaveAttributeAsync("data-line", "luoyang");
        Assert.Equal("Luoyang Federation of Trade Unions support line",
            await page.EvaluateAsync<string>("() => Chart.getChart(document.getElementById('network-chart')).data.labels[0]"));

        // On a phone the table scrolls inside its box, never the page (once the chart has followed the new width).
        await page.SetViewportSizeAsync(360, 740);
        await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 360");

        Assert.Empty(failures);
        await context.DisposeAsync();
    }

    [Fact]
    public async Task A_chat_the_province_answered_for_its_city_shows_in_the_city_s_measures_sortable_and_on_its_supervisor_s_console()
    {
        // Nobody serves Zhuzhou: Hunan's counsellor is offered its chat at once and answers it.
        var (counselorName, password) = await Fixture.Admin.CreateCounselor("湖南·周老师", lines: ["hunan"]);
        await using var hunan = await CounselorSession.Connect(Fixture.Server, await Fixture.Server.LoginAsync(counselorName, password));
        await hunan.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        var chat = (await worker.StartChat("株洲的职工想聊聊", line: "zhuzhou")).ConversationId;
        await hunan.Accept((await hunan.NextOffer(chat)).OfferId);

        var failures = new List<string>();
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/network.html").ToString());
        await SignIn(page, HotlineServer.AdminUserName, HotlineServer.AdminPassword);

        var zhuzhou = page.Locator("#network-table tr[data-line='zhuzhou']");
        await Expect(page.Locator("#network-table th button[data-column='networkByBackup']")).ToHaveTextAsync("后备接通");
        // The figures take the answer one-way: the page shows it after a refresh at the latest.
        await RefreshUntil(page, zhuzhou.Locator("td").Nth(9), "1");
        await Expect(zhuzhou.Locator("td").Nth(8)).ToHaveTextAsync("0%（低于 90% 目标）");
        await Expect(page.Locator("#network-table th button[data-column='networkHoursBelowMinimum']")).ToHaveTextAsync("今日低于最少席位的小时数");

        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(zhuzhou.Locator(".below-goal-mark")).ToHaveTextAsync("(below the 90% goal)");
        await page.Locator("#network-table th button[data-column='networkByBackup']").ClickAsync();
        await Expect(page.Locator("#network-table tbody tr").First).ToHaveAttributeAsync("data-line", "zhuzhou");
        await Expect(page.Locator("#network-table th[aria-sort='descending']")).ToHaveTextAsync("Answered by backup");
        await Expect(page.Locator("#network-table tr[data-line='hunan'] td").Last).ToContainTextAsync("0% by their own line · 1 by backup");

        // Zhuzhou's supervisor sees the live chat marked as answered by backup, with the answering line's name (in
        // English: the language chosen on the network page is remembered).
        var (supervisorName, _) = await Fixture.Admin.CreateCounselor("株洲·督导", role: "supervisor", lines: ["zhuzhou"]);
        var console = await context.NewPageAsync();
        console.PageError += (_, error) => failures.Add($"page error: {error}");
        await console.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        await SignIn(console, supervisorName, password);
        await Expect(console.Locator("#active .backup-mark")).ToHaveTextAsync("Answered by backup: Hunan Federation of Trade Unions support line");

        Assert.Empty(failures);
        await context.DisposeAsync();
    }

    /// <summary>Presses Refresh until the cell shows the text (the page refreshes by itself every 15 s only).</summary>
    private static async Task RefreshUntil(IPage page, ILocator cell, string text)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await cell.TextContentAsync() != text)
        {
            deadline.Token.ThrowIfCancellationRequested();
            await page.RunAndWaitForResponseAsync(() => page.Locator("#network-refresh").ClickAsync(), r => r.Url.EndsWith("/api/network"));
        }
    }

    private async Task WaitingAtLuoyang()
    {
        using var admin = await Fixture.Admin.Client();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var network = await admin.GetFromJsonAsync<JsonElement>("/api/network");
            if (network.GetProperty("lines").EnumerateArray().Any(l => l.GetProperty("id").GetString() == "luoyang" && l.GetProperty("waiting").GetInt32() == 1))
                return;
            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(50);
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
