using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The desk as a workspace at 1280×800: three chats held, referral cards open and one chat at R4 still fit the window
/// (the page never scrolls; the transcript does), and high risk is shown in colour, icon and words in the list, on the
/// chat and, at R4, as emergency steps beside the conversation, never over it.
/// </summary>
public sealed class CounselorDeskRiskTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Theory]
    [InlineData("zh", "R3 高风险", "高风险（R3）", "紧急风险（R4）", "拨打 110")]
    [InlineData("en", "R3 high", "High risk (R3)", "Imminent risk (R4)", "call 110")]
    public async Task Three_chats_with_cards_open_and_R4_raised_fit_the_window_and_high_risk_is_marked_everywhere(
        string language, string r3Mark, string r3Banner, string r4Banner, string callStep)
    {
        var page = await CounselorDeskPage.Open(Browser, Fixture, language, cap: 3);
        await using var first = await CounselorDeskPage.Take(page, Fixture, $"{language} first: 加班太多");
        await using var second = await CounselorDeskPage.Take(page, Fixture, $"{language} second: 和同事吵架");
        await using var third = await CounselorDeskPage.Take(page, Fixture, $"{language} third: 睡不着");
        await Expect(page.Locator(".conversation-tab")).ToHaveCountAsync(3);

        // R3 in a chat that is not open: its line says so in words, with the risk colour.
        await second.Send("我不想活了");
        var secondLine = CounselorDeskPage.Line(page, second);
        await Expect(secondLine.Locator(".risk-mark.risk-R3")).ToHaveTextAsync($"⚠ {r3Mark}");
        await Expect(secondLine).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("risk-R3"));
        await secondLine.ClickAsync();
        await Expect(page.Locator("#risk-banner")).ToContainTextAsync(r3Banner);
        await Expect(page.Locator("#emergency-card")).ToBeHiddenAsync();

        // R4 in the open chat, with many messages before it and the referral cards open in the side panel.
        await CounselorDeskPage.Line(page, third).ClickAsync();
        for (var i = 1; i <= 12; i++)
            await third.Send($"第 {i} 句");
        await Expect(page.Locator("#chat-messages .msg.worker").Last).ToHaveTextAsync("第 12 句");
        await page.Locator("#tab-replies").ClickAsync();
        await page.Locator(".referral-cards summary").ClickAsync();
        await Expect(page.Locator(".referral-card").First).ToBeVisibleAsync();
        await third.Send("我已经吃了药");

        await Expect(page.Locator("#emergency-card")).ToBeVisibleAsync();
        await Expect(page.Locator("#risk-banner")).ToContainTextAsync(r4Banner);
        await Expect(CounselorDeskPage.Line(page, third).Locator(".risk-mark.risk-R4")).ToContainTextAsync("R4");
        await Expect(page.Locator("#emergency-card")).ToContainTextAsync(callStep);
        await Expect(page.Locator("#emergency-lines a[href='tel:110']")).ToBeVisibleAsync();
        await Expect(page.Locator("#emergency-lines a[href='tel:120']")).ToBeVisibleAsync();
        await Expect(page.Locator("#emergency-lines a[href='tel:12356']")).ToBeVisibleAsync();

        // The worker's last words stay in sight, and so does the box to answer them; the page itself does not scroll.
        var last = page.Locator("#chat-messages .msg.worker").Last;
        await Expect(last).ToHaveTextAsync("我已经吃了药");
        await Expect(last).ToBeInViewportAsync(new() { Ratio = 1 });
        Assert.True(await last.EvaluateAsync<bool>("""
            message => {
              const box = message.closest("#chat-messages").getBoundingClientRect(), own = message.getBoundingClientRect();
              return own.top >= box.top && own.bottom <= box.bottom;
            }
            """), "the last message is scrolled out of the transcript's box");
        await Expect(page.Locator("#chat-input")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator("#chat-send")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(page.Locator("#emergency-lines a[href='tel:120']")).ToBeInViewportAsync(new() { Ratio = 1 });
        var size = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollHeight, innerHeight, document.scrollingElement.scrollWidth, innerWidth]");
        Assert.True(size[0] <= size[1], $"the desk scrolls as a page: {size[0]} px in a {size[1]} px window");
        Assert.True(size[2] <= size[3], $"the desk scrolls sideways: {size[2]} px in a {size[3]} px window");

        await CounselorDeskPage.Leave(page);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
