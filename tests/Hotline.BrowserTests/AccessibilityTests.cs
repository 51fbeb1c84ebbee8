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

        var results = await page.RunAxe();

        Assert.NotEmpty(results.Passes);
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        await context.DisposeAsync();
    }
}
