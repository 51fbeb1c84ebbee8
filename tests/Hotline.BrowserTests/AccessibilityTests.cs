using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Every page, in both languages, through axe (Deque's accessibility engine) in headless Chromium: no serious or
/// critical violation. Staff pages are checked signed in, where the real work happens.
/// </summary>
public sealed class AccessibilityTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    public static TheoryData<string, string, string?> Pages => new()
    {
        { "/", "zh", null },
        { "/", "en", null },
        { "/counselor.html", "zh", "counselor" },
        { "/counselor.html", "en", "counselor" },
        { "/supervisor.html", "zh", "supervisor" },
        { "/supervisor.html", "en", "supervisor" },
        { "/reports.html", "zh", "supervisor" },
        { "/reports.html", "en", "supervisor" },
        { "/rota.html", "zh", "supervisor" },
        { "/rota.html", "en", "supervisor" },
        { "/network.html", "zh", "supervisor" },
        { "/network.html", "en", "supervisor" },
        { "/lines.html", "zh", "admin" },
        { "/lines.html", "en", "admin" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_or_critical_accessibility_violation(string path, string language, string? role)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, path).ToString());
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language == "zh" ? "zh-CN" : "en");
        if (role is not null)
        {
            var (userName, password) = await Fixture.Admin.CreateCounselor("无障碍测试", role: role);
            await SignIn(page, userName, password);
            await Assertions.Expect(page.Locator("#login-button")).ToBeHiddenAsync();
        }

        await AssertNoSeriousViolation(page);
        await context.DisposeAsync();
    }

    /// <summary>The desk at work, at 1280×800: an offer card counting down, a chat at R4 with its banner, list mark and emergency steps, and the end confirmation open.</summary>
    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task The_desk_at_work_has_no_serious_or_critical_accessibility_violation(string language)
    {
        var page = await CounselorDeskPage.Open(Browser, Fixture, language, cap: 2);
        await using var first = await CounselorDeskPage.Take(page, Fixture, $"{language} axe first: 失眠");
        await first.Send("我已经吃了药");
        await Assertions.Expect(page.Locator("#emergency-card")).ToBeVisibleAsync();
        await page.Locator("#end-conversation").ClickAsync();
        await using var second = await WorkerSession.Connect(Fixture.Server);
        await second.StartChat($"{language} axe second: 压力大");
        await Assertions.Expect(page.Locator(".offer .offer-countdown-text")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#end-confirm")).ToBeVisibleAsync();

        await AssertNoSeriousViolation(page);
        await page.Locator(".offer .decline-offer").ClickAsync();
        await CounselorDeskPage.Leave(page);
    }

    private static async Task AssertNoSeriousViolation(IPage page)
    {
        var results = await page.RunAxe();

        Assert.NotEmpty(results.Passes);
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
