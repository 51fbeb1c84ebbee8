using System.Text.Json.Nodes;
using Hotline.Contracts;
using Hotline.IntegrationTests;
using static Microsoft.Playwright.Assertions;

namespace Hotline.BrowserTests;

/// <summary>Every start after the first in a minute from one address needs a solved challenge (12 zero bits: quick in a test).</summary>
public sealed class ChallengeSpikeFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__RateLimits__ChallengeAbovePerMinutePerAddress"] = "1",
    ["Hotline__RateLimits__ChallengeDifficultyBits"] = "12",
});

/// <summary>The page and the test both talk from 127.0.0.1, so the test's own start makes the address spike.</summary>
public sealed class WorkerChallengeTests(ChallengeSpikeFixture fixture) : BrowserPageTests<ChallengeSpikeFixture>(fixture)
{
    /// <summary>A chat started from the page's address, solving a challenge when asked for one.</summary>
    private async Task<WorkerSession> Spike()
    {
        var worker = await WorkerSession.Connect(Fixture.Server);
        try
        {
            await worker.StartChat("spike");
        }
        catch (Microsoft.AspNetCore.SignalR.HubException e)
        {
            var refused = HubRefusal.Parse("the spike's start", e);
            Assert.Equal(RefusalCodes.ChatChallenge, refused.Code);
            var (challenge, answer) = ChallengeSolver.Solve(refused.Params["challenge"], int.Parse(refused.Params["difficulty"]));
            await worker.StartChat("spike", proof: new { challenge, answer });
        }
        return worker;
    }

    [Theory]
    [InlineData("zh", "请稍候……马上为您开始对话。")]
    [InlineData("en", "One moment… your chat is about to start.")]
    public async Task A_spiking_addresss_page_solves_the_challenge_says_it_is_a_moment_and_starts_the_chat(string language, string moment)
    {
        await using var spike = await Spike();
        // The phone as Phone.Open makes it, with the hub routed through the test before the page connects.
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        var wire = await HubWire.Route(page, "/hubs/worker");
        var starts = wire.Record("StartChat");
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The answer to the retry is held until the test has seen the page's calm words.
        wire.ToPage = message =>
        {
            lock (starts)
            {
                if (starts.Count == 2 && HubWire.IsCompletionOf(message, (string)starts[1]["invocationId"]!))
                {
                    answer.TrySetResult(message);
                    return [];
                }
            }
            return [message];
        };

        await page.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language == "zh" ? "zh-CN" : "en");
        await page.Locator("#first-message").FillAsync(language == "zh" ? "我需要帮助" : "I need help");
        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();

        var checking = page.Locator("#start-checking");
        await Expect(checking).ToHaveTextAsync(moment);
        await Expect(checking).ToBeVisibleAsync();
        var held = await answer.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(held["error"]);
        var proof = starts[1]["arguments"]![0]!["proof"]!.AsObject();
        Assert.Null(starts[0]["arguments"]![0]!["proof"]);
        Assert.Matches("^[0-9]+$", (string)proof["answer"]!);
        wire.SendToPage(held);

        await Expect(page.Locator("#chat-panel")).ToBeVisibleAsync();
        await Expect(checking).ToBeHiddenAsync();
        await Expect(page.Locator("#error")).ToBeEmptyAsync();
        await page.Context.DisposeAsync();
    }
}
