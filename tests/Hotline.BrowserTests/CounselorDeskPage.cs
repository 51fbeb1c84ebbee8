using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The counsellor desk at 1280×800 in a language, signed in and Available, and taking a worker's chat.</summary>
public static class CounselorDeskPage
{
    /// <param name="prepare">What the test sets up on the page before it loads (an init script, a routed hub).</param>
    /// <param name="lines">The counsellor's lines; none: the default line.</param>
    public static async Task<IPage> Open(IBrowser browser, ServerFixture fixture, string language, int cap = 1, Func<IPage, Task>? prepare = null,
        IReadOnlyList<string>? lines = null)
    {
        var (userName, password) = await fixture.Admin.CreateCounselor(language == "zh" ? "林老师" : "Ms Lin", cap, lines: lines);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        if (prepare is not null)
            await prepare(page);
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/counselor.html").ToString());
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language == "zh" ? "zh-CN" : "en");
        await page.Locator("#login-user").FillAsync(userName);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("#login-button").ClickAsync();
        await page.Locator("#presence-available").ClickAsync();
        await Assertions.Expect(page.Locator("#presence-available")).ToHaveAttributeAsync("aria-pressed", "true");
        return page;
    }

    /// <summary>A worker starts a chat with <paramref name="firstMessage"/> and the desk accepts it; the chat is open after.</summary>
    public static async Task<WorkerSession> Take(IPage page, ServerFixture fixture, string firstMessage)
    {
        var worker = await WorkerSession.Connect(fixture.Server);
        await worker.StartChat(firstMessage);
        await page.Locator(".offer", new() { HasText = firstMessage }).Locator(".accept-offer").ClickAsync();
        await Assertions.Expect(page.Locator("#chat-messages")).ToContainTextAsync(firstMessage);
        return worker;
    }

    /// <summary>The desk's line for the worker's conversation in the list.</summary>
    public static ILocator Line(IPage page, WorkerSession worker) =>
        page.Locator($".conversation-tab[data-conversation-id='{worker.ConversationId}']");

    /// <summary>Offline, so that the next test's workers are not offered to this desk.</summary>
    public static Task Leave(IPage page) => page.Locator("#presence-offline").ClickAsync();
}
