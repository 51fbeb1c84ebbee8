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
        await Expect(page.Locator("#network-table tr[data-line='henan'] td").Last).ToHaveTextAsync("1 waiting · 0 on duty · 0 answered");

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
