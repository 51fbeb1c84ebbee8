using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hotline.IntegrationTests;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hotline.BrowserTests;

/// <summary>
/// Every page in Chinese and in English, each with something on it (a chat with a counsellor, an offer, an active
/// chat, an alert, a shift): every visible word is read (text, placeholders, titles, aria-labels, button values) and
/// none may be from the other language, nor a raw id or key. What people typed and names are data, and taken out
/// first. With HOTLINE_SCREENSHOTS set to a folder, a full-page PNG of each page in each language goes there.
/// </summary>
public sealed partial class LanguageWalkTests(ServerFixture fixture, ITestOutputHelper output) : BrowserPageTests(fixture)
{
    // Latin words a Chinese page may show: risk levels, the channel, the product's name, the toggle to English, the
    // CSV format, and the names printed on keys.
    private static readonly HashSet<string> LatinOnChinese = ["R0", "R1", "R2", "R3", "R4", "SMS", "Hotline", "English", "CSV", "Alt", "Enter", "Shift", "Esc"];

    // The worker's words, the counsellor's and the names: data, in whatever language it was typed.
    private const string WorkerWords = "加班太多，不想活了";
    // The phrase screening matched in the worker's words, which the console's alert quotes: the worker's words too.
    private const string ScreenedPhrase = "不想活了";
    private const string OtherWorkerWords = "和同事吵架";
    private const string PageWorkerWords = "最近压力很大";
    private const string CounselorWords = "我在，慢慢说";
    private static readonly string[] Names = ["周老师", "吴督导", "陈老师"];

    [Fact]
    public async Task Every_page_shows_only_words_of_its_language_and_no_raw_ids()
    {
        var (counselorName, counselorPassword) = await Fixture.Admin.CreateCounselor(Names[0], cap: 2);
        var (supervisorName, supervisorPassword) = await Fixture.Admin.CreateCounselor(Names[1], role: "supervisor");
        var data = new List<string>(Names) { WorkerWords, ScreenedPhrase, OtherWorkerWords, PageWorkerWords, CounselorWords, counselorName, supervisorName, HotlineServer.AdminUserName, "中文" };
        // Canned replies are data too: supervisors write them in both languages, and the console's editor shows both.
        data.AddRange((await CannedReplies(supervisorName, supervisorPassword)).SelectMany(reply => new[] { reply.Id, reply.TitleZh, reply.TitleEn, reply.TextZh, reply.TextEn }));
        data.Sort((a, b) => b.Length.CompareTo(a.Length));
        var failures = new List<string>();
        await AddShiftToday(supervisorName, supervisorPassword, counselorName);

        // The worker's page, with a counsellor (over the hub) who answered. The counsellor stays connected to the end:
        // a counsellor gone past the grace time would have the chat taken back and offered to the desk below.
        await using var helper = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin, Names[2]);
        {
            var page = await NewPage("/", 360, 740);
            await page.Locator("#first-message").FillAsync(PageWorkerWords);
            await page.Locator("#consent").CheckAsync();
            await page.Locator("#start-button").ClickAsync();
            // Its user name is data too: the console's audit log names the account created for it.
            data.Add(helper.UserName!);
            data.Sort((a, b) => b.Length.CompareTo(a.Length));
            await helper.SetPresence("Available");
            var offer = await helper.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == PageWorkerWords);
            await helper.Accept(offer.OfferId);
            await helper.Send(offer.ConversationId, CounselorWords);
            await helper.SetPresence("Away");
            await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync(CounselorWords);
            await Walk(page, "index", data, failures, () => Assertions.Expect(page.Locator("#messages")).ToContainTextAsync(CounselorWords));
        }

        // The desk: one active chat (whose words raise an alert), one offer waiting, and today's shift.
        var desk = await NewPage("/counselor.html", 1280, 800);
        await SignIn(desk, counselorName, counselorPassword);
        await desk.Locator("#presence-available").ClickAsync();
        await using var first = await WorkerSession.Connect(Fixture.Server);
        await first.StartChat(WorkerWords);
        await desk.Locator(".offer", new() { HasText = WorkerWords }).Locator(".accept-offer").ClickAsync();
        await Assertions.Expect(desk.Locator("#chat-messages")).ToContainTextAsync(WorkerWords);
        await using var second = await WorkerSession.Connect(Fixture.Server);
        await second.StartChat(OtherWorkerWords);
        await Walk(desk, "counselor", data, failures, () => Assertions.Expect(desk.Locator(".offer", new() { HasText = OtherWorkerWords })).ToBeVisibleAsync());

        // The supervisor's console with the alert, and the reports, rota and network pages.
        var console = await NewPage("/supervisor.html", 1280, 800);
        await SignIn(console, supervisorName, supervisorPassword);
        await Walk(console, "supervisor", data, failures, () => Assertions.Expect(console.Locator("#alerts li")).Not.ToHaveCountAsync(0));
        var reports = await NewPage("/reports.html", 1280, 800);
        await SignIn(reports, supervisorName, supervisorPassword);
        await Walk(reports, "reports", data, failures, () => Assertions.Expect(reports.Locator("#report-table tr")).ToHaveCountAsync(8));
        var rota = await NewPage("/rota.html", 1280, 800);
        await SignIn(rota, supervisorName, supervisorPassword);
        await Walk(rota, "rota", data, failures, () => Assertions.Expect(rota.Locator("#shifts li")).ToHaveCountAsync(1));
        // The supervisor serves the default line, the national one, so every line is under them.
        var network = await NewPage("/network.html", 1280, 800);
        await SignIn(network, supervisorName, supervisorPassword);
        await Walk(network, "network", data, failures, () => Assertions.Expect(network.Locator("#network-table tbody tr")).ToHaveCountAsync(12));

        Assert.True(failures.Count == 0, $"{failures.Count} words from the wrong language or raw ids:\n{string.Join("\n", failures)}");
    }

    /// <summary>Reads the page in Chinese (the default), switches to English and reads it again; ready says when the page shows its data.</summary>
    private async Task Walk(IPage page, string name, IReadOnlyList<string> data, List<string> failures, Func<Task> ready)
    {
        foreach (var language in new[] { "zh", "en" })
        {
            if (language == "en")
                await page.Locator("#lang-toggle").ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language == "zh" ? "zh-CN" : "en");
            await ready();
            if (Environment.GetEnvironmentVariable("HOTLINE_SCREENSHOTS") is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{language}.png"), FullPage = true });
            }
            var keys = await page.EvaluateAsync<string[]>("async () => Object.keys((await import('/words/en.js')).default)");
            var texts = await page.EvaluateAsync<string[]>(ReadVisibleText);
            foreach (var text in texts.Distinct())
            {
                var rest = data.Aggregate(text, (left, typed) => left.Replace(typed, " "));
                foreach (var problem in Problems(rest, language, keys))
                    failures.Add($"{name} ({language}): {problem} in \"{text}\"");
            }
            output.WriteLine($"{name} ({language}): {texts.Length} strings read");
        }
    }

    private static IEnumerable<string> Problems(string text, string language, IReadOnlyCollection<string> keys)
    {
        if (language == "en" && Han().Match(text) is { Success: true } han)
            yield return $"Chinese '{han.Value}'";
        if (language == "zh")
            foreach (Match word in LatinWord().Matches(text))
                if (!LatinOnChinese.Contains(word.Value))
                    yield return $"English '{word.Value}'";
        if (Guid().Match(text) is { Success: true } guid)
            yield return $"an id '{guid.Value}'";
        if (Hash().Match(text) is { Success: true } hash)
            yield return $"a hash '{hash.Value}'";
        if (QueueId().Match(text) is { Success: true } queue)
            yield return $"a queue id '{queue.Value}'";
        foreach (Match word in Key().Matches(text))
            if (keys.Contains(word.Value))
                yield return $"a words key '{word.Value}'";
        foreach (Match word in Kebab().Matches(text))
            if (RawIds.Contains(word.Value))
                yield return $"a raw id '{word.Value}'";
    }

    // Ids the server keeps that must never show as such: audit actions and topic ids (in English they read as words).
    private static readonly HashSet<string> RawIds =
    [
        "account-create", "account-update", "account-disable", "account-enable", "profile-update", "acknowledge-alert", "lift-block", "archive-read",
        "earlier-conversations-read", "report-read", "edit-canned-reply", "delete-canned-reply",
        "romance-marriage", "work-career", "gig-work", "women-worker", "personal-growth", "life-events", "non-service",
    ];

    /// <summary>Every string a person sees: the visible text, the page title, and placeholders, titles, aria-labels and button values of visible elements.</summary>
    private const string ReadVisibleText = """
        () => {
          const visible = (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
          const texts = document.body.innerText.split("\n");
          texts.push(document.title);
          for (const element of document.querySelectorAll("[placeholder], [title], [aria-label], input[type=button], input[type=submit]")) {
            if (!visible(element)) continue;
            for (const name of ["placeholder", "title", "aria-label"]) if (element.hasAttribute(name)) texts.push(element.getAttribute(name));
            if (element.matches("input[type=button], input[type=submit]")) texts.push(element.value);
          }
          return texts.map((text) => text.trim()).filter((text) => text.length > 0);
        }
        """;

    private async Task<IPage> NewPage(string path, int width, int height)
    {
        var page = await (await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } })).NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, path).ToString());
        return page;
    }

    private sealed record CannedReply(string Id, string TitleZh, string TitleEn, string TextZh, string TextEn);

    private async Task<CannedReply[]> CannedReplies(string supervisorName, string password)
    {
        using var http = await Staff(supervisorName, password);
        return (await http.GetFromJsonAsync<CannedReply[]>("/api/canned-replies"))!;
    }

    private async Task<HttpClient> Staff(string userName, string password)
    {
        var http = Fixture.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await Fixture.Server.LoginAsync(userName, password));
        return http;
    }

    private async Task AddShiftToday(string supervisorName, string password, string counselorName)
    {
        using var http = await Staff(supervisorName, password);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var response = await http.PostAsJsonAsync("/api/rota/shifts", new { counselorId = counselorName, date = today.ToString("yyyy-MM-dd"), start = "00:00", end = "24:00" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}+")]
    private static partial Regex Han();

    [GeneratedRegex(@"(?<![\w.-])[A-Za-z][A-Za-z0-9]*[A-Za-z](?![\w])")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8}\b")]
    private static partial Regex Hash();

    [GeneratedRegex(@"\b[a-z-]+\.(zh|en)\b")]
    private static partial Regex QueueId();

    [GeneratedRegex(@"\b[a-z]+[A-Z][A-Za-z]*\b")]
    private static partial Regex Key();

    [GeneratedRegex(@"\b[a-z]+(-[a-z]+)+\b")]
    private static partial Regex Kebab();
}
