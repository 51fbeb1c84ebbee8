using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.IntegrationTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotline.BrowserTests;

/// <summary>
/// The start page reaches the worker's line: the one a city union's link names (/?line=luoyang), or the one picked
/// from the list; a link naming no line is said so, and no chat starts until a real line is picked.
/// </summary>
public sealed class WorkerLineTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    private const string LuoyangZh = "洛阳市总工会职工心理援助热线";
    private const string LuoyangEn = "Luoyang Federation of Trade Unions support line";

    [Fact]
    public async Task A_link_to_luoyang_names_the_line_and_only_a_luoyang_counsellor_is_offered_the_chat()
    {
        // A default-line counsellor, on duty before the chat starts: a conversation they could take reaches them first.
        var (defaultName, defaultPassword) = await Fixture.Admin.CreateCounselor("全国老师");
        await using var national = await CounselorSession.Connect(Fixture.Server, await Fixture.Server.LoginAsync(defaultName, defaultPassword));
        await national.SetPresence("Available");

        var (page, starts, started) = await Open("/?line=luoyang", "zh");
        await Expect(page.Locator("#line-named")).ToContainTextAsync(LuoyangZh);
        await Expect(page.Locator("#line")).ToBeHiddenAsync();
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("#line-named")).ToContainTextAsync(LuoyangEn);
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("#line-named")).ToContainTextAsync(LuoyangZh);

        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        await Expect(page.Locator("#queue-status")).ToBeVisibleAsync();
        SentAt(starts, "luoyang");
        var conversationId = await started.Task;

        // A default-line chat started after it is offered to the default-line counsellor, who never had the Luoyang one.
        await using (var worker = await WorkerSession.Connect(Fixture.Server, LoopbackAddress.Of(19)))
        {
            var other = await worker.StartChat("我想找人聊聊");
            await national.NextOffer(other.ConversationId);
            Assert.DoesNotContain(national.Events.All<OfferReceived>("OfferReceived"), offer => offer.ConversationId == conversationId);
        }

        var (luoyangName, luoyangPassword) = await Fixture.Admin.CreateCounselor("洛阳老师", lines: ["luoyang"]);
        await using var luoyang = await CounselorSession.Connect(Fixture.Server, await Fixture.Server.LoginAsync(luoyangName, luoyangPassword));
        await luoyang.SetPresence("Available");
        await luoyang.NextOffer(conversationId);
        Assert.DoesNotContain(national.Events.All<OfferReceived>("OfferReceived"), offer => offer.ConversationId == conversationId);

        await End(page);
    }

    [Fact]
    public async Task Without_a_link_the_picker_lists_the_lines_in_both_languages_and_the_chosen_one_is_sent()
    {
        using var http = Fixture.Server.CreateClient();
        var lines = (await http.GetFromJsonAsync<List<JsonElement>>("/api/lines"))!;
        var (page, starts, _) = await Open("/", "zh");

        var picker = page.GetByLabel("您所在城市的热线");
        await Expect(picker).ToBeVisibleAsync();
        await Expect(picker).ToHaveValueAsync("national");
        await Expect(page.Locator("#line-named")).ToBeHiddenAsync();
        await Expect(page.Locator("#line-unknown")).ToBeHiddenAsync();
        // Each line by its name in the page's language; one not staffed now says so, and promises nothing more.
        await Expect(picker.Locator("option")).ToHaveTextAsync(lines.Select(line => Label(line, "zh", "（现在未值班）")).ToArray());

        await page.Locator("#lang-toggle").ClickAsync();
        picker = page.GetByLabel("Your city's line");
        await Expect(picker.Locator("option")).ToHaveTextAsync(lines.Select(line => Label(line, "en", " (closed now)")).ToArray());
        await Expect(picker).ToHaveValueAsync("national");
        await picker.SelectOptionAsync("qingdao");
        await page.Locator("#lang-toggle").ClickAsync();
        picker = page.GetByLabel("您所在城市的热线");
        await Expect(picker).ToHaveValueAsync("qingdao");
        await Expect(picker.Locator("option:checked")).ToContainTextAsync("青岛市总工会职工心理援助热线");

        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        await Expect(page.Locator("#queue-status")).ToBeVisibleAsync();
        SentAt(starts, "qingdao");
        await End(page);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task A_link_to_no_line_says_so_and_nothing_starts_until_a_real_line_is_picked(string language)
    {
        var zh = language == "zh";
        var (page, starts, _) = await Open("/?line=nowhere", language);
        await Expect(page.Locator("#line-unknown")).ToHaveTextAsync(zh
            ? "“nowhere”不是本热线网络中的热线。请从列表中选择您所在的城市。"
            : "'nowhere' is not a line of this hotline. Choose your city from the list.");
        var picker = page.GetByLabel(zh ? "您所在城市的热线" : "Your city's line");
        await Expect(picker).ToBeVisibleAsync();
        // Nothing is picked for the worker: not the default line, nor any other.
        await Expect(picker).ToHaveValueAsync("");
        await Expect(picker.Locator("option:checked")).ToHaveTextAsync(zh ? "请选择热线" : "Choose a line");

        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        await Expect(page.Locator("#error")).ToHaveTextAsync(zh
            ? "请先从列表中选择您所在城市的热线，再开始对话。如有紧急危险，请立即拨打 110、120 或 12356。"
            : "Please choose your city's line from the list before you start. If you are in danger, call 110, 120 or 12356 now.");
        await Expect(page.Locator("#chat-panel")).ToBeHiddenAsync();
        await Expect(page.Locator("#start-button")).ToBeEnabledAsync();
        Assert.Empty(Snapshot(starts));

        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("#line-unknown")).ToContainTextAsync(zh ? "is not a line of this hotline" : "不是本热线网络中的热线");
        await page.Locator("#lang-toggle").ClickAsync();

        await picker.SelectOptionAsync("luoyang");
        await page.Locator("#start-button").ClickAsync();
        await Expect(page.Locator("#queue-status")).ToBeVisibleAsync();
        SentAt(starts, "luoyang");
        await End(page);
    }

    [Fact]
    public async Task Without_the_list_of_lines_a_link_still_goes_to_its_own_line_and_an_unknown_one_is_refused()
    {
        var (page, starts, _) = await Open("/?line=nowhere", "en", linesUnreachable: true);
        await Expect(page.Locator("#line-choice")).ToBeHiddenAsync();
        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        // The server, which knows the lines, refuses it in the page's words: the chat never starts at another line.
        await Expect(page.Locator("#error")).ToHaveTextAsync("'nowhere' is not a line of this hotline. Choose your city from the list.");
        await Expect(page.Locator("#chat-panel")).ToBeHiddenAsync();
        SentAt(starts, "nowhere");
        await page.Context.DisposeAsync();
    }

    private static string Label(JsonElement line, string language, string closed) =>
        line.GetProperty(language).GetString() + (line.GetProperty("openNow").GetBoolean() ? "" : closed);

    /// <summary>The page sent StartChat, each time at <paramref name="line"/> (again with a solved challenge, if the server asked for one).</summary>
    private static void SentAt(List<JsonObject> starts, string line)
    {
        var sent = Snapshot(starts);
        Assert.NotEmpty(sent);
        Assert.All(sent, start => Assert.Equal(line, (string?)start["arguments"]![0]!["line"]));
    }

    private static List<JsonObject> Snapshot(List<JsonObject> starts)
    {
        lock (starts)
            return [.. starts];
    }

    /// <summary>
    /// The start page at <paramref name="path"/> on a phone, with every StartChat it sends and the id of the conversation
    /// it started; <paramref name="linesUnreachable"/>: its GET /api/lines fails, as on a network that drops it.
    /// </summary>
    private async Task<(IPage Page, List<JsonObject> Starts, TaskCompletionSource<Guid> Started)> Open(string path, string language, bool linesUnreachable = false)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        if (linesUnreachable)
            await context.RouteAsync("**/api/lines", route => route.AbortAsync());
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var wire = await HubWire.Route(page, "/hubs/worker");
        var starts = wire.Record("StartChat");
        wire.ToPage = message =>
        {
            if ((int?)message["type"] == 3 && message["result"]?["conversationId"] is { } id)
                started.TrySetResult(Guid.Parse((string)id!));
            return [message];
        };
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, path).ToString());
        await Expect(page.Locator("#start-panel")).ToBeVisibleAsync();
        return (page, starts, started);
    }

    /// <summary>Ends the page's chat, so that no later test's counsellor is offered it.</summary>
    private static async Task End(IPage page)
    {
        await page.Locator("#end-button").ClickAsync();
        await Expect(page.Locator("#new-chat")).ToBeVisibleAsync();
        await page.Context.DisposeAsync();
    }
}
