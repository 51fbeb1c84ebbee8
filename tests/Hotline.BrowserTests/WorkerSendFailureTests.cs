using System.Text.Json.Nodes;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>A send the server refuses: the message stays on screen as failed, with the server's words, until the worker sends it again or removes it.</summary>
public sealed class WorkerSendFailureTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    // The rate limiter's own words (RateLimits.cs): a refusal that a later try can get past.
    private const string Refusal = "You are sending messages faster than we can take them. Please wait a few seconds, then send again.";

    [Fact]
    public async Task A_refused_message_can_be_sent_again_with_its_id_or_removed_and_either_way_is_stored_at_most_once()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        var wire = await HubWire.Route(page, "/hubs/worker");
        await page.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await page.Locator("#lang-toggle").ClickAsync();
        await page.Locator("#first-message").FillAsync("send failure test");
        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        await using var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == "send failure test")).OfferId);
        await Expect(page.Locator("#messages .msg.system")).ToContainTextAsync("陈老师");

        // Each message's first send is answered with a refusal, as the server's rate limiter would; later sends go through.
        var sends = new List<(string Text, string ClientMessageId)>();
        wire.ToServer = message =>
        {
            if (HubWire.InvocationOf(message, "SendMessage") is not { } invocationId)
                return [message];
            var send = (message["arguments"]![0]!.GetValue<string>(), message["arguments"]![1]!.GetValue<string>());
            sends.Add(send);
            if (sends.Count(s => s == send) > 1)
                return [message];
            wire.SendToPage(new JsonObject
            {
                ["type"] = 3,
                ["invocationId"] = invocationId,
                ["error"] = $"An unexpected error occurred invoking 'SendMessage' on the server. HubException: rate.too-many-messages||{Refusal}",
            });
            return [];
        };
        await page.Locator("#message-input").FillAsync("to send again");
        await page.Locator("#send-button").ClickAsync();
        var failed = page.Locator("#messages .msg.unsent.failed");
        await Expect(failed).ToContainTextAsync($"Not sent: {Refusal}");
        await page.Locator("#message-input").FillAsync("to remove");
        await page.Locator("#send-button").ClickAsync();
        await Expect(failed).ToHaveCountAsync(2);

        await failed.Filter(new() { HasText = "to remove" }).Locator(".remove-unsent").ClickAsync();
        await failed.Filter(new() { HasText = "to send again" }).Locator(".retry-send").ClickAsync();
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "to send again");
        await Expect(page.Locator("#messages .msg.unsent")).ToHaveCountAsync(0);
        await Expect(page.Locator("#messages .msg.worker")).ToHaveTextAsync(["send failure test", "to send again"]);
        // The retry carried the id of the first try, and the removed one was never tried again.
        Assert.Equal(2, sends.Count(s => s.Text == "to send again"));
        Assert.Single(sends.Where(s => s.Text == "to send again").Select(s => s.ClientMessageId).Distinct());
        Assert.Single(sends, s => s.Text == "to remove");
        Assert.DoesNotContain(counselor.Events.All<ChatMessage>("MessageReceived"), m => m.Text == "to remove");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
