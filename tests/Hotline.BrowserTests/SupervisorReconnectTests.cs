using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The supervisor's monitor losing its connection: the banner, and on return the conversation monitored again, with what was said meanwhile.</summary>
public sealed class SupervisorReconnectTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task Back_from_offline_the_page_monitors_its_conversation_again_and_shows_what_was_said_meanwhile()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("沈督导", role: "supervisor");
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat("督导旁听测试");
        await using var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin, "许老师");
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == "督导旁听测试");
        await counselor.Accept(offer.OfferId);

        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        await SignIn(page, userName, password);
        await page.Locator("#active tr", new() { HasText = "许老师" }).Locator(".monitor").ClickAsync();
        await Expect(page.Locator("#monitor-messages .msg.worker")).ToHaveTextAsync(["督导旁听测试"]);

        await context.SetOfflineAsync(true);
        await Expect(page.Locator("#connection-banner")).ToHaveTextAsync("网络连接已断开，页面会一直尝试重新连接。");
        await counselor.Send(offer.ConversationId, "督导断线时说的");

        await context.SetOfflineAsync(false);
        await Expect(page.Locator("#connection-banner")).ToBeHiddenAsync();
        await Expect(page.Locator("#monitor-messages .msg.counselor")).ToHaveTextAsync(["督导断线时说的"]);
        // Monitored again, the page hears what comes next as it happens.
        await worker.Send("之后说的");
        await Expect(page.Locator("#monitor-messages .msg.worker")).ToHaveTextAsync(["督导旁听测试", "之后说的"]);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
