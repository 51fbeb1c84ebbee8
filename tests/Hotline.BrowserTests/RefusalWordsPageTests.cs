using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Real refusals on the staff pages in Chinese (the default): the server sends a code, the page says it in Chinese,
/// and says it again in English when the language is switched. SignalR's own failures are worded too.
/// </summary>
public sealed class RefusalWordsPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task The_desk_says_the_sign_in_and_R4_wrap_up_refusals_in_the_readers_language()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("周老师");
        var page = await StaffPage("/counselor.html");

        await SignIn(page, "nobody-here", "Wrong-password-1");
        await Expect(page.Locator("#error")).ToHaveTextAsync("用户名或密码不正确。");

        await SignIn(page, userName, password);
        await page.Locator("#presence-available").ClickAsync();
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat("refusal words: 我撑不下去了");
        await page.Locator(".offer", new() { HasText = "refusal words" }).Locator(".accept-offer").ClickAsync();
        await page.Locator("#end-conversation").ClickAsync();
        await page.Locator("#end-confirm-yes").ClickAsync();
        await page.Locator("#wrapup-risk").SelectOptionAsync("R4");
        await page.Locator("#wrapup-submit").ClickAsync();
        await Expect(page.Locator("#wrapup-error")).ToHaveTextAsync("风险等级为 R4（紧迫风险）时，请注明是否已联系紧急救援：是或否。");

        // The shown refusal follows the language.
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("#wrapup-error")).ToHaveTextAsync("At R4 (imminent risk), say whether emergency services were reached: yes or no.");
    }

    [Fact]
    public async Task A_report_range_and_a_rota_time_are_refused_in_Chinese()
    {
        var (supervisorName, password) = await Fixture.Admin.CreateCounselor("吴督导", role: "supervisor");
        var (counselorName, _) = await Fixture.Admin.CreateCounselor("郑老师");

        var reports = await StaffPage("/reports.html");
        await SignIn(reports, supervisorName, password);
        await Expect(reports.Locator("#report-table tr")).ToHaveCountAsync(8);
        await reports.Locator("#report-from").FillAsync("2024-01-01");
        await reports.Locator("#report-to").FillAsync("2026-01-01");
        await reports.Locator("#report-show").ClickAsync();
        await Expect(reports.Locator("#error")).ToHaveTextAsync("一份报表最多涵盖 400 天，这次选择了 732 天。请缩短日期范围。");

        var rota = await StaffPage("/rota.html");
        await SignIn(rota, supervisorName, password);
        await rota.Locator("#shift-counselor").FillAsync(counselorName);
        await rota.Locator("#shift-weekday").SelectOptionAsync("Monday");
        await rota.Locator("#shift-start").FillAsync("10:00");
        await rota.Locator("#shift-end").FillAsync("09:00");
        await rota.Locator("#shift-add").ClickAsync();
        await Expect(rota.Locator("#error")).ToContainTextAsync("结束时间须晚于同一天的开始时间");
    }

    [Fact]
    public async Task A_refused_connection_is_worded_by_the_page_not_by_SignalR()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        // A token the server does not accept: SignalR's negotiation is refused with 401.
        await context.AddInitScriptAsync("sessionStorage.setItem('hotline.staffToken', 'not.a.token')");
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/counselor.html").ToString());

        await Expect(page.Locator("#error")).ToHaveTextAsync("登录已过期或被拒绝，请重新登录。");
        await Expect(page.Locator("#login-panel")).ToBeVisibleAsync();
    }

    private async Task<IPage> StaffPage(string path)
    {
        var page = await (await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } })).NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, path).ToString());
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
