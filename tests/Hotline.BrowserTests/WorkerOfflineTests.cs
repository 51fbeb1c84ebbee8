using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>A worker on a weak network: the page says it is reconnecting, keeps what they write, and sends it once when back.</summary>
public sealed class WorkerOfflineTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task Messages_written_while_the_connection_is_down_are_sent_once_it_is_back()
    {
        var page = await (await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } })).NewPageAsync();
        // The network, as the page sees it: while "down", the hub's WebSocket is cut and every request to it fails.
        var down = false;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync("**/hubs/worker**", socket =>
        {
            if (down)
            {
                _ = socket.CloseAsync();
                return;
            }
            socket.ConnectToServer();
            sockets.Add(socket);
        });
        await page.RouteAsync("**/hubs/worker**", route => down ? route.AbortAsync() : route.ContinueAsync());

        await page.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await page.Locator("#first-message").FillAsync("信号不好，但我想聊聊");
        await page.Locator("#start-button").ClickAsync();
        await using var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin);
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == "信号不好，但我想聊聊");
        await counselor.Accept(offer.OfferId);
        await Assertions.Expect(page.Locator("#messages .msg.system")).ToContainTextAsync("陈老师");

        down = true;
        foreach (var socket in sockets)
            await socket.CloseAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("重新连接");
        await page.Locator("#message-input").FillAsync("断线时写的第一句");
        await page.Locator("#send-button").ClickAsync();
        await page.Locator("#message-input").FillAsync("断线时写的第二句");
        await page.Locator("#send-button").ClickAsync();
        await Assertions.Expect(page.Locator("#outbox")).ToContainTextAsync("2");

        down = false;
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "断线时写的第二句");
        await Assertions.Expect(page.Locator("#outbox")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#messages .msg.worker").Last).ToHaveTextAsync("断线时写的第二句");

        // What the hotline stored, as a tab resuming the chat reads it: each message once, in the order written.
        var reader = await WorkerSession.Connect(Fixture.Server);
        // Only the connection is closed afterwards: disposing the session would end the chat.
        await using var connection = reader.Connection;
        var stored = (await reader.Resume(await page.EvaluateAsync<string>("() => sessionStorage.getItem('hotline.resumeToken')"))).Messages;
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(m => m.Seq));
        Assert.Equal(["信号不好，但我想聊聊", "断线时写的第一句", "断线时写的第二句"], stored.Where(m => m.Sender == "worker").Select(m => m.Text));
    }
}
