using Hotline.IntegrationTests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A worker's quick exit, as the desk shows it at 1280×800: a line in the chat saying until when they may come back,
/// a "left in a hurry" mark on the chat in the list, and a line when they are back (the mark gone).
/// </summary>
public sealed class CounselorDeskHurryTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Theory]
    [InlineData("zh", "来访者使用了快速离开", "匆忙离开", "来访者回来了")]
    [InlineData("en", "The worker left in a hurry", "left in a hurry", "The worker is back")]
    public async Task A_worker_who_left_in_a_hurry_is_said_in_the_chat_and_marked_in_the_list_until_they_are_back(string language, string left, string mark, string back)
    {
        var page = await CounselorDeskPage.Open(Browser, Fixture, language);
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        var started = await worker.StartChat($"{language} hurry: 压力很大");
        await page.Locator(".offer", new() { HasText = "hurry" }).Locator(".accept-offer").ClickAsync();
        await Expect(page.Locator("#chat-messages")).ToContainTextAsync("hurry");
        var line = page.Locator(".conversation-tab");
        await Expect(line.Locator(".left-in-hurry")).ToHaveCountAsync(0);

        await worker.Connection.InvokeAsync<LeftInHurry>("LeaveInHurry");
        await Expect(page.Locator("#chat-messages .notice", new() { HasText = left })).ToBeVisibleAsync();
        await Expect(line.Locator(".left-in-hurry")).ToHaveTextAsync(mark);
        await worker.Connection.StopAsync();

        await using var returning = await WorkerSession.Connect(Fixture.Server);
        await returning.Resume(started.ResumeToken);
        await Expect(page.Locator("#chat-messages .notice", new() { HasText = back })).ToBeVisibleAsync();
        await Expect(line.Locator(".left-in-hurry")).ToHaveCountAsync(0);
        await CounselorDeskPage.Leave(page);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
