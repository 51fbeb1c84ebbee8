using System.Text.RegularExpressions;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>A hotline whose unacknowledged alerts escalate after 2 s, so a test can watch one escalate.</summary>
public sealed class FastEscalationFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__Supervision__AlertAckSeconds"] = "2",
});

/// <summary>
/// The supervisor console at 1280×800, in both languages: alerts first with who, when, which queue and the words;
/// one line per conversation in risk-then-newest order; one click to the live monitor beside it; sound and title.
/// </summary>
public sealed class SupervisorConsoleTests(FastEscalationFixture fixture) : BrowserPageTests<FastEscalationFixture>(fixture)
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh"] = new()
        {
            ["R3"] = "R3 高风险", ["R4"] = "R4 紧急", ["reason"] = "求助者写道“不想活了”", ["queue"] = "情绪与健康队列（中文）",
            ["inTheQueue"] = "排队中（尚无人接待）", ["urgent"] = "未确认", ["flash"] = "⚠ 新警报（1）· Hotline", ["title"] = "督导面板 · Hotline",
            ["nobodyOnShift"] = "按值班表，现在没有人在班",
        },
        ["en"] = new()
        {
            ["R3"] = "R3 high", ["R4"] = "R4 imminent", ["reason"] = "The worker wrote “不想活了”", ["queue"] = "Emotions and health queue, Chinese",
            ["inTheQueue"] = "in the queue (nobody holds it yet)", ["urgent"] = "Not acknowledged", ["flash"] = "⚠ New alert (1) · Hotline", ["title"] = "Supervisor view · Hotline",
            ["nobodyOnShift"] = "Nobody is on shift now, according to the rota",
        },
    };

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task An_alert_says_who_when_where_and_which_words_sorts_by_risk_then_newest_and_opens_the_live_monitor_beside_it(string language)
    {
        var words = Words[language];
        var (page, failures) = await SignedInConsole(language);
        await using var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin, $"许老师{language}");
        await counselor.SetPresence("Available");
        await using var held = await WorkerSession.Connect(Fixture.Server);
        var heldChat = await held.StartChat($"你好 {language}");
        await counselor.Accept((await counselor.NextOffer(heldChat.ConversationId)).OfferId);
        await held.Send("今天又加班，老板骂我，我真的不想活了");

        var first = Line(page, heldChat.ConversationId);
        await Expect(first.Locator(".alert-risk")).ToHaveTextAsync(words["R3"]);
        await Expect(first.Locator(".alert-reason")).ToHaveTextAsync(words["reason"]);
        await Expect(first.Locator(".alert-counselor")).ToHaveTextAsync($"许老师{language}");
        await Expect(first.Locator(".alert-queue")).ToHaveTextAsync(words["queue"]);
        await Expect(first.Locator(".alert-time")).ToHaveTextAsync(new Regex(@"\d{1,2}:\d{2}"));
        await Expect(first.Locator(".alert-excerpt")).ToHaveTextAsync("今天又加班，老板骂我，我真的不想活了");
        // Unacknowledged, it escalates; then a newer R3 of a waiting chat goes above it.
        await Expect(first.Locator(".alert-urgent")).ToContainTextAsync(words["urgent"]);
        await using var waiting = await WorkerSession.Connect(Fixture.Server);
        var waitingChat = await waiting.StartChat("我想跳楼", topic: "gig-work");
        await Expect(Line(page, waitingChat.ConversationId).Locator(".alert-counselor")).ToHaveTextAsync(words["inTheQueue"]);
        await Expect(Lines(page, heldChat.ConversationId, waitingChat.ConversationId)).ToHaveCountAsync(2);
        await Expect(Lines(page, heldChat.ConversationId, waitingChat.ConversationId).First).ToHaveAttributeAsync("data-conversation-id", waitingChat.ConversationId.ToString());

        // One click: the monitor opens beside the line, in view, with the live transcript.
        await first.Locator(".monitor").ClickAsync();
        var monitor = page.Locator("#monitor");
        await Expect(page.Locator("#monitor-messages .msg.worker")).ToHaveTextAsync([$"你好 {language}", "今天又加班，老板骂我，我真的不想活了"]);
        await Expect(page.Locator("#monitor-title")).ToContainTextAsync(words["R3"]);
        await Expect(page.Locator("#monitor-status")).ToContainTextAsync($"许老师{language}");
        await Expect(monitor).ToBeInViewportAsync();
        // Both boxes in one read: the list is redrawn as alerts change, and a line read apart could be between drawings.
        var beside = await page.EvaluateAsync<string>("""
            id => {
              const line = document.querySelector(`.alert[data-conversation-id="${id}"]`)?.getBoundingClientRect();
              const panel = document.getElementById("monitor").getBoundingClientRect();
              if (!line) return "no line";
              return panel.left >= line.right && panel.top < line.bottom && panel.bottom > line.top
                ? "beside" : `the monitor (${panel.left},${panel.top} ${panel.width}×${panel.height}) is not beside the alert (${line.left},${line.top} ${line.width}×${line.height})`;
            }
            """, heldChat.ConversationId.ToString());
        Assert.Equal("beside", beside);

        // R4 in the same chat: the monitor's heading says so as it happens, and the chat's one line goes back on top as R4.
        await held.Send("我已经吃了药");
        await Expect(page.Locator("#monitor-title")).ToContainTextAsync(words["R4"]);
        await Expect(monitor).ToHaveAttributeAsync("data-risk-level", "R4");
        await Expect(page.Locator("#monitor-messages .msg.worker").Last).ToHaveTextAsync("我已经吃了药");
        await Expect(first).ToHaveCountAsync(1);
        await Expect(first.Locator(".alert-risk")).ToHaveTextAsync(words["R4"]);
        await Expect(Lines(page, heldChat.ConversationId, waitingChat.ConversationId).First).ToHaveAttributeAsync("data-conversation-id", heldChat.ConversationId.ToString());
        // Risk before time: a newer R3 still goes below the R4.
        await using var newer = await WorkerSession.Connect(Fixture.Server);
        var newerChat = await newer.StartChat("我不想活了");
        var all = Lines(page, heldChat.ConversationId, waitingChat.ConversationId, newerChat.ConversationId);
        await Expect(all).ToHaveCountAsync(3);
        Assert.Equal([heldChat.ConversationId.ToString(), newerChat.ConversationId.ToString(), waitingChat.ConversationId.ToString()],
            await all.EvaluateAllAsync<string[]>("lines => lines.map(l => l.dataset.conversationId)"));

        // Acknowledged, each line goes (and leaves nothing escalating for the next test).
        foreach (var id in new[] { heldChat.ConversationId, waitingChat.ConversationId, newerChat.ConversationId })
        {
            await Line(page, id).Locator(".ack-alert").ClickAsync();
            await Expect(Line(page, id)).ToHaveCountAsync(0);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task A_new_alert_flashes_the_title_until_acknowledged_and_sounds_unless_switched_off_which_is_remembered(string language)
    {
        var words = Words[language];
        var (page, failures) = await SignedInConsole(language);
        await Expect(page.Locator("#alert-sound")).ToBeCheckedAsync();
        await page.Locator("#alert-sound").UncheckAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#board")).ToBeVisibleAsync();
        await Expect(page.Locator("#alert-sound")).Not.ToBeCheckedAsync();

        await using var quiet = await WorkerSession.Connect(Fixture.Server);
        var quietChat = await quiet.StartChat($"我不想活了 {language}");
        var quietLine = Line(page, quietChat.ConversationId);
        await Expect(quietLine).ToBeVisibleAsync();
        // Drawn in the same event as the sound would have been: none was made.
        Assert.Null(await page.Locator("#alerts").GetAttributeAsync("data-sounded"));
        await page.WaitForFunctionAsync("flash => document.title === flash", words["flash"]);
        await quietLine.Locator(".ack-alert").ClickAsync();
        await Expect(quietLine).ToHaveCountAsync(0);
        await page.WaitForFunctionAsync("title => document.title === title", words["title"]);

        await page.Locator("#alert-sound").CheckAsync();
        await using var heard = await WorkerSession.Connect(Fixture.Server);
        var heardChat = await heard.StartChat($"我想跳楼 {language}");
        await Expect(Line(page, heardChat.ConversationId)).ToBeVisibleAsync();
        await Expect(page.Locator("#alerts")).ToHaveAttributeAsync("data-sounded", new Regex("^[1-9]"));
        await Line(page, heardChat.ConversationId).Locator(".ack-alert").ClickAsync();
        await Expect(Line(page, heardChat.ConversationId)).ToHaveCountAsync(0);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task With_nobody_on_shift_the_console_says_so_plainly_not_in_red(string language)
    {
        var (page, failures) = await SignedInConsole(language);

        var none = page.Locator("#on-shift-offline li.none");
        await Expect(none).ToHaveTextAsync(Words[language]["nobodyOnShift"]);
        Assert.NotEqual("rgb(155, 28, 28)", await none.EvaluateAsync<string>("e => getComputedStyle(e).color"));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<(IPage Page, List<string> Failures)> SignedInConsole(string language, string[]? lines = null)
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("沈督导", role: "supervisor", lines: lines);
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                failures.Add($"console error: {message.Text} at {message.Location}");
        };
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        await SignIn(page, userName, password);
        await Expect(page.Locator("#board")).ToBeVisibleAsync();
        return (page, failures);
    }

    [Theory]
    [InlineData("zh", "株洲市总工会职工心理援助热线")]
    [InlineData("en", "Zhuzhou Federation of Trade Unions support line")]
    public async Task A_province_s_supervisor_sees_a_city_s_alert_named_with_its_line_and_its_queue(string language, string zhuzhou)
    {
        var (page, failures) = await SignedInConsole(language, ["hunan"]);
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        var chat = await worker.StartChat($"我不想活了 株洲 {language}", line: "zhuzhou");

        var line = Line(page, chat.ConversationId);
        await Expect(line.Locator(".alert-line")).ToHaveTextAsync(zhuzhou);
        await Expect(line.Locator(".alert-queue")).ToHaveTextAsync($"{zhuzhou} · {Words[language]["queue"]}");
        await line.Locator(".ack-alert").ClickAsync();
        await Expect(line).ToHaveCountAsync(0);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static ILocator Line(IPage page, Guid conversationId) => page.Locator($".alert[data-conversation-id='{conversationId}']");

    /// <summary>The lines of these conversations, in the order shown (other tests' alerts may be open too).</summary>
    private static ILocator Lines(IPage page, params Guid[] conversationIds) =>
        page.Locator(string.Join(", ", conversationIds.Select(id => $".alert[data-conversation-id='{id}']")));

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
