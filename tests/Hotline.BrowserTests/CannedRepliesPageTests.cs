using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The counsellor's canned replies and referral cards, on a phone-sized counsellor page, with a worker page in the same chat.</summary>
public sealed class CannedRepliesPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_counselor_picks_edits_and_sends_a_canned_reply_then_sends_a_referral_card_the_worker_sees()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("周老师");
        var failures = new List<string>();

        // The worker writes in English; the counsellor's page stays in Chinese, yet offers the English reply.
        var workerPage = await NewPage(failures);
        await workerPage.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await workerPage.Locator("#lang-toggle").ClickAsync();
        await workerPage.Locator("#topic").SelectOptionAsync("work-career");
        await workerPage.Locator("#first-message").FillAsync("I can't go on like this");
        await workerPage.Locator("#consent").CheckAsync();
        await workerPage.Locator("#start-button").ClickAsync();
        await Expect(workerPage.Locator("#queue-status")).ToContainTextAsync("waiting", new() { IgnoreCase = true });

        var counselorPage = await NewPage(failures, new ViewportSize { Width = 360, Height = 740 });
        await counselorPage.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/counselor.html").ToString());
        await SignIn(counselorPage, userName, password);
        await counselorPage.Locator("#presence-available").ClickAsync();
        var offer = counselorPage.Locator(".offer");
        await Expect(offer).ToContainTextAsync("I can't go on like this");
        await offer.Locator(".accept-offer").ClickAsync();
        await Expect(workerPage.Locator("#messages .msg.system")).ToContainTextAsync("周老师");

        // Replies live in the side panel's own tab.
        await counselorPage.Locator("#tab-replies").ClickAsync();
        var picker = counselorPage.Locator("#canned-reply");
        await Expect(picker.Locator("option[value='ask-safety']")).ToHaveTextAsync("直接询问安全");
        await picker.SelectOptionAsync("ask-safety");
        var input = counselorPage.Locator("#chat-input");
        const string canned = "I'd like to ask you directly: have you been thinking about hurting yourself, or about ending your life?";
        await Expect(input).ToHaveValueAsync(canned);
        await input.FillAsync(canned + " Take your time.");
        await counselorPage.Locator("#chat-send").ClickAsync();
        await Expect(workerPage.Locator("#messages .msg.counselor").Last).ToHaveTextAsync(canned + " Take your time.");
        // Filled, not sent: the edited reply, sent after the pick, has reached the worker, so anything the pick had
        // sent would be on the page before it. It is the worker's only message from the counsellor.
        await Expect(workerPage.Locator("#messages .msg.counselor")).ToHaveCountAsync(1);
        await Expect(picker).ToHaveValueAsync("");

        await counselorPage.Locator(".referral-cards summary").ClickAsync();
        var card = counselorPage.Locator(".referral-card[data-referral-id='aid-line-12356']");
        await Expect(card).ToHaveTextAsync("📞 National psychological aid line 12356 (24 hours)");
        await card.ClickAsync();
        await Expect(workerPage.Locator("#messages .msg.system").Last).ToHaveTextAsync("📞 National psychological aid line 12356 (24 hours)");
        await Expect(counselorPage.Locator("#chat-messages .msg.system").Last).ToHaveTextAsync("📞 National psychological aid line 12356 (24 hours)");

        // 360 px wide: the tools wrap instead of pushing the page sideways.
        Assert.True(await counselorPage.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the counsellor page scrolls sideways at 360 px");

        await counselorPage.Locator("#lang-toggle").ClickAsync();
        await Expect(picker.Locator("option[value='ask-safety']")).ToHaveTextAsync("Ask about safety directly");
        await Expect(counselorPage.Locator(".referral-cards summary")).ToContainTextAsync("Referral cards");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<IPage> NewPage(List<string> failures, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = viewport });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                failures.Add($"console error: {message.Text} at {message.Location}");
        };
        return page;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
