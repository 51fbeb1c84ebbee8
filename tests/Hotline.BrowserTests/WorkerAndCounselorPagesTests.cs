using System.Text.RegularExpressions;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The two pages in real headless Chromium (Debian's), against the real app on a loopback port.</summary>
public sealed class WorkerAndCounselorPagesTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_worker_page_and_a_counselor_page_chat_and_html_is_shown_as_text()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("周老师");
        var failures = new List<string>();

        var workerPage = await NewPage(failures);
        await workerPage.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await Expect(workerPage.Locator("#quick-exit")).ToBeVisibleAsync();
        await workerPage.Locator("#lang-toggle").ClickAsync();
        await workerPage.Locator("#topic").SelectOptionAsync("work-career");
        await workerPage.Locator("#first-message").FillAsync("I feel overwhelmed at work");
        await workerPage.Locator("#consent").CheckAsync();
        await workerPage.Locator("#start-button").ClickAsync();
        // Nobody is on duty yet: the page says so rather than give a place and a wait.
        await Expect(workerPage.Locator("#queue-status")).ToContainTextAsync("No counsellor is on duty right now");

        var counselorPage = await NewPage(failures);
        await counselorPage.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/counselor.html").ToString());
        await SignIn(counselorPage, userName, password);
        await counselorPage.Locator("#presence-available").ClickAsync();
        var offer = counselorPage.Locator(".offer");
        await Expect(offer).ToContainTextAsync("I feel overwhelmed at work");
        await offer.Locator(".accept-offer").ClickAsync();

        await Expect(workerPage.Locator("#messages .msg.system")).ToContainTextAsync("周老师");

        const string html = "<b>x</b>";
        await counselorPage.Locator("#chat-input").FillAsync(html);
        await counselorPage.Locator("#chat-send").ClickAsync();
        var shown = workerPage.Locator("#messages .msg.counselor").Last;
        await Expect(shown).ToHaveTextAsync(html);
        Assert.Equal(0, await workerPage.Locator("#messages b").CountAsync());

        await workerPage.Locator("#message-input").FillAsync("thank you <i>really</i>");
        await workerPage.Locator("#send-button").ClickAsync();
        await Expect(counselorPage.Locator("#chat-messages .msg.worker").Last).ToHaveTextAsync("thank you <i>really</i>");
        Assert.Equal(0, await counselorPage.Locator("#chat-messages i").CountAsync());

        // A reload brings the whole conversation back, in order.
        await workerPage.ReloadAsync();
        await Expect(workerPage.Locator("#messages .msg.worker").Last).ToHaveTextAsync("thank you <i>really</i>");
        var texts = await workerPage.Locator("#messages .msg:not(.system)").AllTextContentsAsync();
        Assert.Equal(["I feel overwhelmed at work", html, "thank you <i>really</i>"], texts);

        // Quick exit leaves at once, for a page that must not be seen: the tab goes elsewhere (the conversation stays
        // open a while for the worker to come back: WorkerChatTruthTests).
        await workerPage.RouteAsync("https://www.weather.com.cn/**", route => route.FulfillAsync(new() { Body = "<title>weather</title>", ContentType = "text/html" }));
        await workerPage.Locator("#quick-exit").ClickAsync();
        // The address is read until it changes: waiting for a navigation misses one already done, and then timed out.
        await Assertions.Expect(workerPage).ToHaveURLAsync(new Regex(@"^https://www\.weather\.com\.cn/"));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_supervisor_page_shows_alerts_and_figures_live_and_acknowledges()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("王督导", role: "supervisor");
        var failures = new List<string>();
        var page = await NewPage(failures);
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        await SignIn(page, userName, password);
        await Expect(page.Locator("#staffing")).Not.ToBeEmptyAsync();

        await using var worker = await WorkerSession.Connect(Fixture.Server);
        var started = await worker.StartChat("我已经准备好了药");

        var alert = page.Locator($".alert[data-conversation-id='{started.ConversationId}']");
        await Expect(alert).ToContainTextAsync("R3");
        await Expect(page.Locator("#queues")).ToContainTextAsync("情绪与健康队列（中文）");
        await Expect(page.Locator("#today li")).ToHaveCountAsync(4);
        Assert.Equal(2, await page.Locator("canvas").CountAsync());

        await alert.Locator(".ack-alert").ClickAsync();
        await Expect(alert).ToHaveCountAsync(0);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<IPage> NewPage(List<string> failures)
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                failures.Add($"console error: {message.Text} at {message.Location}");
        };
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
