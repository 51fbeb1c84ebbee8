using Hotline.IntegrationTests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A worker on a weak network: the page says at once that it lost the connection and keeps trying, shows what they
/// write as waiting, and sends it, once and in order, when the connection is back; what came meanwhile shows too.
/// </summary>
public sealed class WorkerOfflineTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task Offline_the_page_says_so_keeps_what_is_written_and_sends_it_once_in_order_when_back()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        var page = await context.NewPageAsync();
        await using var chat = await Chat(page, "信号不好，但我想聊聊");

        // Chromium's offline emulation leaves the open WebSocket open (it only stops its frames); the page hears the
        // browser's offline event, says so, and closes the connection itself so that what is written waits.
        await context.SetOfflineAsync(true);
        await Expect(page.Locator("#connection-banner")).ToHaveTextAsync("网络连接已断开，页面会一直尝试重新连接。");
        await Send(page, "断线时写的第一句");
        await Send(page, "断线时写的第二句");
        await Expect(page.Locator("#messages .msg.unsent")).ToHaveCountAsync(2);
        await Expect(page.Locator("#messages .msg.unsent .send-state").First).ToHaveTextAsync("等待连接恢复后发送");
        await chat.Counselor.Send(chat.ConversationId, "我还在，等你回来");

        await context.SetOfflineAsync(false);
        await chat.Counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "断线时写的第二句");
        await Expect(page.Locator("#connection-banner")).ToBeHiddenAsync();
        await Expect(page.Locator("#messages .msg.unsent")).ToHaveCountAsync(0);
        // The counsellor's line was stored while the worker was away, so it comes before what the worker wrote then;
        // the page shows the conversation exactly as the hotline stored it, each message once.
        string[] conversation = ["信号不好，但我想聊聊", "我还在，等你回来", "断线时写的第一句", "断线时写的第二句"];
        await Expect(page.Locator("#messages .msg:not(.system)")).ToHaveTextAsync(conversation);
        Assert.Equal(conversation, await Stored(page));
    }

    [Fact]
    public async Task A_socket_cut_under_the_page_is_noticed_and_what_is_written_meanwhile_goes_once_in_order()
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
        await using var chat = await Chat(page, "网络时好时坏");

        down = true;
        foreach (var socket in sockets)
            await socket.CloseAsync();
        await Expect(page.Locator("#connection-banner")).ToBeVisibleAsync();
        await Send(page, "断线时写的第一句");
        await Send(page, "断线时写的第二句");
        await Expect(page.Locator("#messages .msg.unsent")).ToHaveCountAsync(2);

        down = false;
        await chat.Counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "断线时写的第二句");
        await Expect(page.Locator("#connection-banner")).ToBeHiddenAsync();
        await Expect(page.Locator("#messages .msg.worker")).ToHaveTextAsync(["网络时好时坏", "断线时写的第一句", "断线时写的第二句"]);
        Assert.Equal(["网络时好时坏", "断线时写的第一句", "断线时写的第二句"], await Stored(page));
    }

    /// <summary>Starts a chat on the page and has a counsellor accept it.</summary>
    private async Task<HeldChat> Chat(IPage page, string firstMessage)
    {
        await page.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await page.Locator("#first-message").FillAsync(firstMessage);
        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin);
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == firstMessage);
        await counselor.Accept(offer.OfferId);
        await Expect(page.Locator("#messages .msg.system")).ToContainTextAsync("陈老师");
        return new HeldChat(counselor, offer.ConversationId);
    }

    private static async Task Send(IPage page, string text)
    {
        await page.Locator("#message-input").FillAsync(text);
        await page.Locator("#send-button").ClickAsync();
    }

    /// <summary>The texts the hotline stored (not its own system lines), as a tab resuming the chat reads them, after checking their seqs run 1, 2, 3...</summary>
    private async Task<List<string>> Stored(IPage page)
    {
        var reader = await WorkerSession.Connect(Fixture.Server);
        // Only the connection is closed afterwards: disposing the session would end the chat.
        await using var connection = reader.Connection;
        var stored = (await reader.Resume(await page.EvaluateAsync<string>("() => sessionStorage.getItem('hotline.resumeToken')"))).Messages;
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(m => m.Seq));
        return stored.Where(m => m.Sender != "system").Select(m => m.Text).ToList();
    }

    /// <summary>Ended when the test is done, so that it does not go back to the queue for the next test's counsellor.</summary>
    private sealed record HeldChat(CounselorSession Counselor, Guid ConversationId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Counselor.Connection.InvokeAsync("EndConversation", ConversationId.ToString());
            await Counselor.DisposeAsync();
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
