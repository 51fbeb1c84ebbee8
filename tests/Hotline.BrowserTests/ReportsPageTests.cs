using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The reports page in headless Chromium, on a phone-sized screen: sign in, show a week, download the CSV.</summary>
public sealed class ReportsPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_supervisor_shows_a_report_and_downloads_it_as_csv()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("王督导", role: "supervisor");
        var failures = new List<string>();
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                failures.Add($"console error: {message.Text} at {message.Location}");
        };

        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        await page.Locator("a[href='/reports.html']").ClickAsync();
        await SignIn(page, userName, password);

        // The last seven days, one row each under the header, in Chinese by default.
        await Expect(page.Locator("#report-table tr")).ToHaveCountAsync(8);
        await Expect(page.Locator("#report-table th").First).ToHaveTextAsync("时段");
        // No contact yet on this hotline: nothing to divide is "—", never 100% or "<5".
        var cells = await page.Locator("#report-table tr:nth-child(2) td").AllTextContentsAsync();
        Assert.Equal(["0", "0", "0", "—", "—", "—", "—", "—"], cells.Skip(1));
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator(".note").First).ToContainTextAsync("— means there was nothing to divide");
        await page.Locator("#lang-toggle").ClickAsync();
        await page.Locator("#report-group-by").SelectOptionAsync("month");
        await page.Locator("#report-show").ClickAsync();
        await Expect(page.Locator("#report-table tr")).Not.ToHaveCountAsync(8);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#report-download").ClickAsync());
        Assert.Matches(@"^contacts-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var lines = await File.ReadAllLinesAsync(path!);
        Assert.Equal("period,dimension,value,contacts,answerRate,averageSecondsToAnswer,averageHandleSeconds,averageRating,shareHelped", lines[0]);
        Assert.Equal([0xEF, 0xBB, 0xBF], (await File.ReadAllBytesAsync(path!)).Take(3));

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "The page is wider than a 360 px screen.");
        Assert.Empty(failures);

        // A range the wrong way round is refused in the page's language (Chromium logs the 400 itself).
        await page.Locator("#report-to").FillAsync("2000-01-01");
        await page.Locator("#report-show").ClickAsync();
        await Expect(page.Locator("#error")).ToContainTextAsync("请对调");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
