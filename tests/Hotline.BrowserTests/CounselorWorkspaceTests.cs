using Hotline.IntegrationTests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The counsellor's workspace in headless Chromium: two chats held at once, and the wrap-up before a chat closes.</summary>
public sealed class CounselorWorkspaceTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_counsellor_holds_two_chats_sees_who_waits_and_types_switches_by_keyboard_and_wraps_up_before_closing()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("郑老师", cap: 2);
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/counselor.html").ToString());
        await SignIn(page, userName, password);
        await page.Locator("#presence-available").ClickAsync();

        await using var first = await WorkerSession.Connect(Fixture.Server);
        await first.StartChat("first worker: 加班太多");
        await page.Locator(".offer", new() { HasText = "first worker" }).Locator(".accept-offer").ClickAsync();
        await using var second = await WorkerSession.Connect(Fixture.Server);
        await second.StartChat("second worker: 和同事吵架");
        await page.Locator(".offer", new() { HasText = "second worker" }).Locator(".accept-offer").ClickAsync();
        var tabs = page.Locator(".conversation-tab");
        await Expect(tabs).ToHaveCountAsync(2);

        // With the second chat open, the first worker writes and types: their tab says so.
        await tabs.Nth(1).ClickAsync();
        await Expect(page.Locator("#chat-messages")).ToContainTextAsync("second worker");
        await first.Send("你还在吗？");
        await Expect(tabs.Nth(0).Locator(".unread")).ToBeVisibleAsync();
        await Expect(tabs.Nth(0).Locator(".waiting")).ToContainTextAsync("等待回复");
        await first.Connection.InvokeAsync("Typing");
        await Expect(tabs.Nth(0).Locator(".typing")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Alt+ArrowDown");
        await Expect(page.Locator("#chat-messages")).ToContainTextAsync("你还在吗？");
        await Expect(page.Locator("#chat-input")).ToBeFocusedAsync();
        await page.Locator("#chat-input").FillAsync("我在，慢慢说");
        await page.Keyboard.PressAsync("Enter");
        await first.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "我在，慢慢说");
        await Expect(tabs.Nth(0).Locator(".waiting")).ToHaveCountAsync(0);

        // Ending does not close: the wrap-up is owed first, and the form will not go without a risk level.
        await page.Locator("#end-conversation").ClickAsync();
        await page.Locator("#end-confirm-yes").ClickAsync();
        await Expect(page.Locator("#wrapup")).ToBeVisibleAsync();
        await Expect(tabs).ToHaveCountAsync(2);
        await page.Locator("#wrapup-submit").ClickAsync();
        Assert.False(await page.Locator("#wrapup-risk").EvaluateAsync<bool>("select => select.checkValidity()"));
        await Expect(tabs).ToHaveCountAsync(2);
        await page.Locator("#wrapup-risk").SelectOptionAsync("R1");
        await page.Locator("#wrapup-notes").FillAsync("加班压力，已给出减压建议");
        await page.Locator("#wrapup-submit").ClickAsync();
        await Expect(tabs).ToHaveCountAsync(1);

        // The offer sound is a choice the page remembers.
        await page.Locator("#offer-sound").UncheckAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#offer-sound")).Not.ToBeCheckedAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
