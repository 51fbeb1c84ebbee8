using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// "Remember this device" in real Chromium: off by default, said in both languages with what each choice means; a
/// supervisor's block, set on the console with its length, stops the remembered browser's next chat and the blocked
/// tab's resume token, while a fresh, anonymous browser still gets a chat.
/// </summary>
public sealed class RememberedDeviceTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    private static readonly Dictionary<string, (string Label, string Note)> Words = new()
    {
        ["zh"] = ("记住这台设备", "不勾选时，每次对话都是新的、匿名的"),
        ["en"] = ("Remember this device", "Not ticked, every chat is new and anonymous"),
    };

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task The_choice_is_off_by_default_said_in_the_pages_language_and_ticked_with_the_keyboard(string language)
    {
        var failures = new List<string>();
        var page = await WorkerPage(await Browser.NewContextAsync(), failures, language);
        var box = page.GetByLabel(Words[language].Label, new() { Exact = true });
        await Expect(box).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#remember-device-note")).ToContainTextAsync(Words[language].Note);
        await Expect(box).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(Words[language].Note));
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('hotline.deviceKey')"));

        await box.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(box).ToBeCheckedAsync();
        var key = await page.EvaluateAsync<string>("localStorage.getItem('hotline.deviceKey')");
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        await page.ReloadAsync();
        // Ready (the choice is read from storage) once the start panel shows.
        await Expect(page.Locator("#start-panel")).ToBeVisibleAsync();
        await Expect(box).ToBeCheckedAsync();
        Assert.Equal(key, await page.EvaluateAsync<string>("localStorage.getItem('hotline.deviceKey')"));

        await box.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(box).Not.ToBeCheckedAsync();
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('hotline.deviceKey')"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_supervisors_block_stops_the_remembered_device_and_its_resume_token_but_not_a_new_anonymous_device()
    {
        var failures = new List<string>();
        await using var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin, "林老师");
        await counselor.SetPresence("Available");

        var remembered = await Browser.NewContextAsync();
        var worker = await WorkerPage(remembered, failures, "zh");
        await worker.GetByLabel(Words["zh"].Label, new() { Exact = true }).CheckAsync();
        await worker.Locator("#first-message").FillAsync("我想找人聊聊");
        await worker.Locator("#consent").CheckAsync();
        await worker.Locator("#start-button").ClickAsync();
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived");
        await counselor.Accept(offer.OfferId);
        await Expect(worker.Locator("#messages")).ToContainTextAsync("林老师");

        var console = await SupervisorConsole(failures);
        await console.Locator("#active tr", new() { HasText = "林老师" }).Locator("button.monitor").ClickAsync();
        await Expect(console.Locator("#monitor")).ToBeVisibleAsync();
        await console.Locator("#block-length").SelectOptionAsync("168");
        await console.Locator("#block-reason").FillAsync("反复辱骂");
        await console.Locator("#block-button").ClickAsync();
        var line = console.Locator("#blocks li");
        await Expect(line).ToContainTextAsync("反复辱骂");
        await Expect(line).ToContainTextAsync(DateTime.Now.AddDays(7).ToString("yyyy/M/d"));

        // The blocked tab comes back with its resume token: refused calmly, with where to get help at once.
        await worker.ReloadAsync();
        await Expect(worker.Locator("#error")).ToContainTextAsync("目前无法为您开始对话");
        await Expect(worker.Locator("#error")).ToContainTextAsync("12356");
        await Expect(worker.Locator("#error")).Not.ToContainTextAsync("屏蔽");
        await Expect(worker.Locator("#start-panel")).ToBeVisibleAsync();

        // A new chat from the same browser, the box still ticked: the same refusal.
        var again = await WorkerPage(remembered, failures, "en");
        await Expect(again.GetByLabel(Words["en"].Label, new() { Exact = true })).ToBeCheckedAsync();
        await again.Locator("#consent").CheckAsync();
        await again.Locator("#start-button").ClickAsync();
        await Expect(again.Locator("#error")).ToContainTextAsync("We cannot start a chat for you right now");
        await Expect(again.Locator("#error")).ToContainTextAsync("110");
        await Expect(again.Locator("#chat-panel")).ToBeHiddenAsync();

        // Another browser that did not tick the box is somebody new.
        var fresh = await WorkerPage(await Browser.NewContextAsync(), failures, "zh");
        await Expect(fresh.GetByLabel(Words["zh"].Label, new() { Exact = true })).Not.ToBeCheckedAsync();
        await fresh.Locator("#consent").CheckAsync();
        await fresh.Locator("#start-button").ClickAsync();
        await Expect(fresh.Locator("#chat-panel")).ToBeVisibleAsync();
        await Expect(fresh.Locator("#error")).ToBeEmptyAsync();

        // Lifted, the remembered browser can chat again.
        await console.Locator("#blocks li", new() { HasText = "反复辱骂" }).Locator("button.lift").ClickAsync();
        await Expect(console.Locator("#blocks li", new() { HasText = "反复辱骂" })).ToHaveCountAsync(0);
        await again.Locator("#consent").CheckAsync();
        await again.Locator("#start-button").ClickAsync();
        await Expect(again.Locator("#chat-panel")).ToBeVisibleAsync();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<IPage> WorkerPage(IBrowserContext context, List<string> failures, string language)
    {
        var page = await context.NewPageAsync();
        Watch(page, failures);
        await page.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await page.EvaluateAsync("lang => localStorage.setItem('hotline.lang', lang)", language);
        await page.ReloadAsync();
        await Expect(page.Locator("#start-panel")).ToBeVisibleAsync();
        return page;
    }

    private async Task<IPage> SupervisorConsole(List<string> failures)
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("周督导", role: "supervisor");
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "zh-CN" });
        await context.AddInitScriptAsync("localStorage.setItem('hotline.lang', 'zh')");
        var page = await context.NewPageAsync();
        Watch(page, failures);
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        await SignIn(page, userName, password);
        await Expect(page.Locator("#board")).ToBeVisibleAsync();
        return page;
    }

    private static void Watch(IPage page, List<string> failures)
    {
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // A refused hub call is logged by SignalR's client; the page shows it, which is what is checked.
            if (message.Type == "error" && !message.Text.Contains("HubException"))
                failures.Add($"console error: {message.Text} at {message.Location}");
        };
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
