using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Working at the desk at 1280×800: an offer counts down to its expiry, a refusal is said beside the action that was
/// refused, ending a chat asks first (and the button is far from Send), and typing tells the worker at most every 3 s.
/// </summary>
public sealed class CounselorDeskWorkTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Theory]
    [InlineData("zh", "确定结束这段对话吗")]
    [InlineData("en", "End this conversation?")]
    public async Task An_offer_counts_down_a_refusal_shows_beside_its_action_and_ending_asks_first(string language, string question)
    {
        var page = await CounselorDeskPage.Open(Browser, Fixture, language);
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat($"{language} countdown: 压力很大");

        // The server gives the offer 30 s (Hotline:Routing:OfferTimeoutSeconds); the card counts them down.
        var offer = page.Locator(".offer", new() { HasText = "countdown" });
        var countdown = offer.Locator(".offer-countdown-text");
        await Expect(countdown).ToHaveTextAsync(new Regex(@"\d+"));
        var first = await countdown.TextContentAsync();
        var before = Seconds(first);
        Assert.InRange(before, 1, 30);
        await Expect(countdown).Not.ToHaveTextAsync(first!);
        Assert.True(Seconds(await countdown.TextContentAsync()) < before, "the countdown did not go down");
        await offer.Locator(".accept-offer").ClickAsync();
        await Expect(page.Locator("#chat-messages")).ToContainTextAsync("countdown");

        // A transfer the server refuses (no such colleague) says so under the Transfer button, not at the page's foot.
        await page.Locator("#tab-transfer").ClickAsync();
        await page.Locator("#transfer-counselor").FillAsync("nobody-by-this-name");
        await page.Locator("#transfer-button").ClickAsync();
        var refusal = page.Locator("#transfer #transfer-error");
        await Expect(refusal).Not.ToBeEmptyAsync();
        await Expect(refusal).ToBeInViewportAsync();
        await Expect(page.Locator("#error")).ToBeEmptyAsync();
        var button = await page.Locator("#transfer-button").BoundingBoxAsync();
        var said = await refusal.BoundingBoxAsync();
        Assert.True(said!.Y - (button!.Y + button.Height) is >= 0 and < 60, $"the refusal is {said.Y - button.Y} px from the Transfer button");

        // End is at the top of the chat, far from Send; it asks, in the page, and "keep talking" keeps the chat.
        var end = await page.Locator("#end-conversation").BoundingBoxAsync();
        var send = await page.Locator("#chat-send").BoundingBoxAsync();
        Assert.True(send!.Y - end!.Y > 300, $"End is {send.Y - end.Y} px above Send");
        await page.Locator("#end-conversation").ClickAsync();
        await Expect(page.Locator("#end-confirm")).ToBeVisibleAsync();
        await Expect(page.Locator("#end-confirm")).ToContainTextAsync(question);
        await page.Locator("#end-confirm-no").ClickAsync();
        await Expect(page.Locator("#end-confirm")).ToBeHiddenAsync();
        await page.Locator("#chat-input").FillAsync("我还在");
        await page.Locator("#chat-send").ClickAsync();
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "我还在");
        Assert.Empty(worker.Events.All<ChatEnded>("ChatEnded"));
        await Expect(page.Locator("#chat-form")).ToBeVisibleAsync();

        await page.Locator("#end-conversation").ClickAsync();
        await page.Locator("#end-confirm-yes").ClickAsync();
        await worker.Events.WaitFor<ChatEnded>("ChatEnded");
        await Expect(page.Locator("#wrapup")).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-wrapup")).ToHaveAttributeAsync("aria-selected", "true");

        await CounselorDeskPage.Leave(page);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task Typing_in_the_composer_tells_the_server_at_most_once_in_three_seconds(string language)
    {
        var typing = new ConcurrentQueue<string>();
        var page = await CounselorDeskPage.Open(Browser, Fixture, language, prepare: async page =>
        {
            var wire = await HubWire.Route(page, "/hubs/counselor");
            wire.ToServer = message =>
            {
                if (HubWire.InvocationOf(message, "Typing") is not null)
                    typing.Enqueue((string?)message["arguments"]?[0] ?? "");
                return [message];
            };
        });
        await using var worker = await CounselorDeskPage.Take(page, Fixture, $"{language} typing: 睡不着");

        await page.Locator("#chat-input").PressSequentiallyAsync("我在听");
        await page.Locator("#chat-input").PressAsync("Enter");
        // The message reached the worker, so every Typing the keys sent before it has passed the wire.
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "我在听");
        Assert.Equal([worker.ConversationId.ToString()!], typing.ToArray());
        await Expect(page.Locator("#error")).ToBeEmptyAsync();

        await CounselorDeskPage.Leave(page);
    }

    private static int Seconds(string? countdown) => int.Parse(Regex.Match(countdown ?? "", @"\d+").Value);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
