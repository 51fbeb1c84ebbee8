using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The rota page on a 360 px phone: shifts added through the form, short hours marked in the week, and the supervisor's "on shift but offline".</summary>
public sealed class RotaPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_supervisor_adds_shifts_and_sees_the_short_hours_and_who_is_on_shift_but_offline()
    {
        var (supervisorName, password) = await Fixture.Admin.CreateCounselor("督导", role: "supervisor");
        var (liName, _) = await Fixture.Admin.CreateCounselor("李老师");
        var (wangName, _) = await Fixture.Admin.CreateCounselor("王老师");
        var failures = new List<string>();
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // The refused shift below is a 400 on purpose; Chromium logs it, the page shows it in #error.
            if (message.Type == "error" && !message.Text.Contains("status of 400"))
                failures.Add($"console error: {message.Text} at {message.Location}");
        };

        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/rota.html").ToString());
        await page.Locator("#lang-toggle").ClickAsync();
        await SignIn(page, supervisorName, password);
        await Expect(page.Locator("#week-title")).ToContainTextAsync("at least 2");

        await AddShift(page, liName, "Monday", "08:00", "12:00");
        await Expect(page.Locator("#shifts li")).ToHaveCountAsync(1);
        await AddShift(page, wangName, "Monday", "10:00", "24:00");
        await Expect(page.Locator("#shifts li")).ToHaveCountAsync(2);

        // Row 1 is the header, so hour h is row h + 2; the Monday column is the first data cell.
        ILocator Monday(int hour) => page.Locator($"#week tr:nth-child({hour + 2}) > td").First;
        await Expect(Monday(8)).ToHaveClassAsync("short");
        await Expect(Monday(8)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("1 on shift, short-staffed"));
        await Expect(Monday(10)).ToHaveTextAsync("2");
        await Expect(Monday(10)).Not.ToHaveClassAsync("short");
        // Short hours are marked quietly, with the legend's ◆ and a count, not a "0!" in red.
        await Expect(Monday(7)).ToHaveTextAsync("0◆");
        await Expect(Monday(7).Locator(".short-marker")).ToHaveAttributeAsync("aria-hidden", "true");
        Assert.NotEqual("rgb(155, 28, 28)", await Monday(7).EvaluateAsync<string>("e => getComputedStyle(e).color"));
        await Expect(page.Locator("#short-legend")).ToHaveTextAsync("Hours marked ◆ on a tinted background have fewer than 2 on shift.");
        await Expect(page.Locator("#short-count")).ToHaveTextAsync("166 of 168 hours this week have fewer than 2 on shift.");
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("#short-count")).ToHaveTextAsync("本周 168 个小时中有 166 个小时在班人数少于 2 人。");
        await Expect(page.Locator("#short-legend")).ToHaveTextAsync("带 ◆ 和底色的时段在班人数少于 2 人。");
        await Expect(Monday(8)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("1 人在班，人手不足"));
        await page.Locator("#lang-toggle").ClickAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"), "the page is wider than a 360 px phone");

        // A single shift covering today (hotline time, UTC+8) puts 王老师 on shift now, though they never signed in.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        await page.Locator("#shift-date").FillAsync(today.ToString("yyyy-MM-dd"));
        await AddShift(page, wangName, "", "00:00", "24:00");
        await Expect(page.Locator("#shifts li")).ToHaveCountAsync(3);
        await page.Locator("#shift-start").FillAsync("10:00");
        await page.Locator("#shift-end").FillAsync("09:00");
        await page.Locator("#shift-counselor").FillAsync(liName);
        await page.Locator("#shift-add").ClickAsync();
        await Expect(page.Locator("#error")).ToContainTextAsync("after the start");

        await page.Locator("a[href='/supervisor.html']").ClickAsync();
        await Expect(page.Locator($"#on-shift-offline li[data-counselor-id='{wangName}']")).ToContainTextAsync("王老师 · 00:00–24:00");
        await Expect(page.Locator("#on-shift-offline li")).ToHaveCountAsync(1);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_provincial_supervisor_chooses_which_of_their_lines_rota_to_plan_and_a_city_s_has_no_choice()
    {
        var (hunanName, hunanPassword) = await Fixture.Admin.CreateCounselor("湖南·督导", role: "supervisor", lines: ["hunan"]);
        var (changshaName, changshaPassword) = await Fixture.Admin.CreateCounselor("长沙·督导", role: "supervisor", lines: ["changsha"]);
        var (zhuzhouCounselor, _) = await Fixture.Admin.CreateCounselor("株洲·老师", lines: ["zhuzhou"]);
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/rota.html").ToString());
        await page.Locator("#lang-toggle").ClickAsync();
        await SignIn(page, hunanName, hunanPassword);

        await Expect(page.Locator("#rota-line option")).ToHaveTextAsync(["Hunan Federation of Trade Unions support line", "Changsha Federation of Trade Unions support line", "Zhuzhou Federation of Trade Unions support line"]);
        await page.Locator("#rota-line").SelectOptionAsync("zhuzhou");
        await AddShift(page, zhuzhouCounselor, "Monday", "08:00", "12:00");
        await Expect(page.Locator("#shifts li")).ToHaveCountAsync(1);
        // Zhuzhou is open 08:00–22:00: 07:00 is closed, so shown as closed, not short; 08:00 has one of two seats.
        ILocator Monday(int hour) => page.Locator($"#week tr:nth-child({hour + 2}) > td").First;
        await Expect(Monday(8)).ToHaveClassAsync("short");
        await Expect(Monday(7)).ToHaveClassAsync("closed");
        await Expect(Monday(7)).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("0 on shift, line closed$"));
        await page.Locator("#rota-line").SelectOptionAsync("changsha");
        await Expect(page.Locator("#shifts li")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 360"), "the page is wider than a 360 px phone");

        var city = await (await Browser.NewContextAsync()).NewPageAsync();
        await city.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/rota.html").ToString());
        await SignIn(city, changshaName, changshaPassword);
        await Expect(city.Locator("#week-title")).Not.ToBeEmptyAsync();
        await Expect(city.Locator("#line-choice")).ToBeHiddenAsync();
        await Expect(city.Locator("#shifts li")).ToHaveCountAsync(0);
    }

    private static async Task AddShift(IPage page, string counselor, string weekday, string start, string end)
    {
        await page.Locator("#shift-counselor").FillAsync(counselor);
        await page.Locator("#shift-weekday").SelectOptionAsync(weekday);
        await page.Locator("#shift-start").FillAsync(start);
        await page.Locator("#shift-end").FillAsync(end);
        await page.Locator("#shift-add").ClickAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
