using System.Text.Json;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The counsellor's desk losing its connection: it says so at once, keeps what the counsellor writes, and on return shows the chats as the server holds them.</summary>
public sealed class CounselorDeskConnectionTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_short_drop_shows_the_banner_until_back_and_what_both_wrote_meanwhile_arrives_once_in_order()
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var desk = await Desk.Open(page, Fixture, "冯老师");
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat("桌面断线测试");
        await desk.Accept("桌面断线测试");

        await context.SetOfflineAsync(true);
        await Expect(page.Locator("#connection-banner")).ToHaveTextAsync("网络连接已断开，页面会一直尝试重新连接。");
        await desk.Write("断线时的第一句");
        await desk.Write("断线时的第二句");
        await Expect(page.Locator("#chat-messages .msg.unsent")).ToHaveCountAsync(2);
        await worker.Send("你那边还好吗？");

        await context.SetOfflineAsync(false);
        await Expect(page.Locator("#connection-banner")).ToBeHiddenAsync();
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "断线时的第二句");
        await Expect(page.Locator("#chat-messages .msg.unsent")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chat-messages .msg.counselor")).ToHaveTextAsync(["断线时的第一句", "断线时的第二句"]);
        await Expect(page.Locator("#chat-messages .msg.worker")).ToHaveTextAsync(["桌面断线测试", "你那边还好吗？"]);
        await Expect(page.Locator(".conversation-tab")).ToContainTextAsync("进行中");
        Assert.Equal(["断线时的第一句", "断线时的第二句"], worker.Events.All<ChatMessage>("MessageReceived").Where(m => m.Sender == "counselor").Select(m => m.Text));
    }

    [Fact]
    public async Task Messages_delivered_twice_out_of_order_or_not_at_all_are_each_shown_once_in_order()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        var wire = await HubWire.Route(page, "/hubs/counselor");
        var desk = await Desk.Open(page, Fixture, "卫老师");
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat("投递故障测试");
        await desk.Accept("投递故障测试");

        // "one" comes twice, "two" never (a gap, noticed when "three" comes), and "four", the last, never either:
        // only the desk's head check can find that one.
        wire.ToPage = message => HubWire.ChatMessageIn(message)?["text"]?.GetValue<string>() switch
        {
            "one" => [message, message],
            "two" or "four" => [],
            _ => [message],
        };
        foreach (var text in new[] { "one", "two", "three" })
            await worker.Send(text);
        await Expect(page.Locator("#chat-messages .msg.worker")).ToHaveTextAsync(["投递故障测试", "one", "two", "three"]);
        await worker.Send("four");
        await Expect(page.Locator("#chat-messages .msg.worker")).ToHaveTextAsync(["投递故障测试", "one", "two", "three", "four"]);
    }

    [Fact]
    public async Task A_message_the_worker_sends_while_the_accept_is_on_its_way_back_is_shown()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        var wire = await HubWire.Route(page, "/hubs/counselor");
        var desk = await Desk.Open(page, Fixture, "蒋老师");
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat("接听途中");

        // The desk's AcceptOffer is answered only after the worker's next message has reached the page, and the
        // desk's GetMessagesAfter is never answered: only what the page kept from before the answer can show it.
        string? accepting = null;
        var fetches = new HashSet<string>();
        System.Text.Json.Nodes.JsonObject? answer = null;
        var messagePassed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        wire.ToServer = message =>
        {
            accepting ??= HubWire.InvocationOf(message, "AcceptOffer");
            if (HubWire.InvocationOf(message, "GetMessagesAfter") is { } fetch)
                fetches.Add(fetch);
            return [message];
        };
        wire.ToPage = message =>
        {
            if (fetches.Any(fetch => HubWire.IsCompletionOf(message, fetch)))
                return [];
            if (accepting is not null && HubWire.IsCompletionOf(message, accepting))
            {
                answer = message;
                return [];
            }
            if (HubWire.ChatMessageIn(message)?["text"]?.GetValue<string>() == "接听时发的")
                messagePassed.TrySetResult();
            return [message];
        };
        var offer = page.Locator(".offer", new() { HasText = "接听途中" });
        await offer.Locator(".accept-offer").ClickAsync();
        await worker.Events.WaitFor<CounselorJoined>("CounselorJoined");
        await worker.Send("接听时发的");
        await messagePassed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        wire.SendToPage(answer!);

        await Expect(page.Locator("#chat-messages .msg.worker")).ToHaveTextAsync(["接听途中", "接听时发的"]);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

/// <summary>A counsellor signed in on the desk page, Available.</summary>
public sealed class Desk(IPage page, string userName)
{
    public string UserName => userName;

    public static async Task<Desk> Open(IPage page, ServerFixture fixture, string displayName, int cap = 1)
    {
        var (userName, password) = await fixture.Admin.CreateCounselor(displayName, cap);
        await page.GotoAsync(new Uri(fixture.Server.BaseAddress, "/counselor.html").ToString());
        await page.Locator("#login-user").FillAsync(userName);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("#login-button").ClickAsync();
        await page.Locator("#presence-available").ClickAsync();
        await Assertions.Expect(page.Locator("#presence-available")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("active"));
        return new Desk(page, userName);
    }

    /// <summary>Accepts the offer whose preview says <paramref name="preview"/>, and waits for its chat to open.</summary>
    public async Task Accept(string preview)
    {
        await page.Locator(".offer", new() { HasText = preview }).Locator(".accept-offer").ClickAsync();
        await Assertions.Expect(page.Locator("#chat-messages")).ToContainTextAsync(preview);
    }

    public async Task Write(string text)
    {
        await page.Locator("#chat-input").FillAsync(text);
        await page.Locator("#chat-send").ClickAsync();
    }

    /// <summary>This counsellor's presence in the supervisor's live figures, as the server has it.</summary>
    public static string? PresenceIn(JsonElement stats, string userName) =>
        stats.GetProperty("counselors").EnumerateArray().Where(c => c.GetProperty("counselorId").GetString() == userName)
            .Select(c => c.GetProperty("presence").GetString()).FirstOrDefault();
}
