using System.Text.Json;
using Hotline.IntegrationTests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A desk offline longer than the grace time (1 s here): the server hands its chats back to the queue, and the desk,
/// once back, drops them with a word why and shows the presence the server has, never a chat it no longer holds.
/// </summary>
public sealed class CounselorDeskGraceTests(ShortGraceFixture fixture) : BrowserPageTests<ShortGraceFixture>(fixture)
{
    [Fact]
    public async Task Chats_taken_back_while_the_desk_was_offline_are_dropped_with_the_reason_when_it_is_back()
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var desk = await Desk.Open(page, Fixture, "韩老师", cap: 2);
        await using var supervisor = await SupervisorSession.NewSupervisor(Fixture.Server, Fixture.Admin);
        await using var first = await WorkerSession.Connect(Fixture.Server);
        await first.StartChat("第一位来访者");
        await desk.Accept("第一位来访者");
        await using var second = await WorkerSession.Connect(Fixture.Server);
        await second.StartChat("第二位来访者");
        await desk.Accept("第二位来访者");
        await Expect(page.Locator(".conversation-tab")).ToHaveCountAsync(2);

        // Offline, the page's socket stays open but silent; the server counts the desk gone after SignalR's client
        // timeout (30 s) and the grace time, sets it Offline and returns both chats to the queue.
        await context.SetOfflineAsync(true);
        await Expect(page.Locator("#connection-banner")).ToBeVisibleAsync();
        await first.Events.WaitFor<QueueUpdated>("QueueUpdated", timeoutSeconds: 90);
        await second.Events.WaitFor<QueueUpdated>("QueueUpdated", timeoutSeconds: 90);
        await supervisor.Events.WaitFor<JsonElement>("StatsUpdated", s => Desk.PresenceIn(s, desk.UserName) == "Offline", timeoutSeconds: 60);
        // They leave the queue, so the desk, Available again, is offered nobody.
        await first.Connection.InvokeAsync("EndChat");
        await second.Connection.InvokeAsync("EndChat");

        await context.SetOfflineAsync(false);
        await Expect(page.Locator("#connection-banner")).ToBeHiddenAsync();
        await Expect(page.Locator(".conversation-tab")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chat")).ToBeHiddenAsync();
        await Expect(page.Locator("#error")).ToContainTextAsync("“情绪与心理健康”已不在您这里：本页断线期间，对话回到了队列或转给了同事。");
        // The presence shown is the server's: the desk sent again the one the counsellor chose.
        await supervisor.Events.WaitFor<JsonElement>("StatsUpdated", s => Desk.PresenceIn(s, desk.UserName) == "Available", timeoutSeconds: 60);
        await Expect(page.Locator("#presence-current")).ToHaveTextAsync("状态：可接听");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
