using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Hotline.IntegrationTests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotline.BrowserTests;

/// <summary>The worker's page on a 360 px phone, in both languages.</summary>
public static class Phone
{
    public static async Task<IPage> Open(IBrowser browser, Uri site, string language)
    {
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.ToString());
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language == "zh" ? "zh-CN" : "en");
        return page;
    }
}

/// <summary>With nobody on duty (this class's hotline never has a counsellor), the page says so and puts the other ways to get help first.</summary>
public sealed class WorkerNobodyOnDutyTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Theory]
    [InlineData("zh", null)]
    [InlineData("zh", "beijing")]
    [InlineData("en", null)]
    public async Task Nobody_on_duty_is_said_plainly_with_the_other_ways_to_get_help_first_as_tap_to_call_numbers(string language, string? line)
    {
        var page = await Phone.Open(Browser, new Uri(Fixture.Server.BaseAddress, line is null ? "/" : $"/?line={line}"), language);
        // The staff-only topic is not offered; the others are.
        await Expect(page.Locator("#topic option[value='emotional']")).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator("#topic option[value='non-service']").CountAsync());
        // The emergency numbers at the top are links that call.
        foreach (var number in new[] { "110", "120", "12356" })
            await Expect(page.Locator($"#crisis-line a[href='tel:{number}']")).ToHaveTextAsync(number);

        await page.Locator("#first-message").FillAsync(language == "zh" ? "现在有人吗" : "is anyone there");
        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();

        var status = page.Locator("#queue-status");
        await Expect(status).ToHaveTextAsync(language == "zh"
            ? "现在没有咨询师值班。您可以继续在这里等候下一位咨询师，也可以现在就使用下面的其他求助方式。"
            : "No counselor is on duty right now. You can keep waiting here for the next one, or use one of the other ways to get help below now.".Replace("counselor", "counsellor"));
        var help = page.Locator("#other-help");
        await Expect(help).ToBeVisibleAsync();
        Assert.True((await help.BoundingBoxAsync())!.Y < (await page.Locator("#messages").BoundingBoxAsync())!.Y, "the other ways to get help come before the chat");
        await Expect(help.Locator("a[href='tel:110']")).ToBeVisibleAsync();
        await Expect(help.Locator("a[href='tel:120']")).ToBeVisibleAsync();
        if (language == "zh")
        {
            await Expect(help.Locator("a[href='tel:12356']")).ToHaveTextAsync("拨打 12356");
            if (line == "beijing")
            {
                // The Beijing-only centre, the Beijing line's own, is offered to its workers, marked with its region ...
                await Expect(help.Locator("li", new() { HasText = "北京市总工会" })).ToContainTextAsync("（仅限北京）");
            }
            else
            {
                // ... and to nobody else.
                await Expect(help.Locator("li", new() { HasText = "心灵驿站" })).ToHaveCountAsync(1);
                Assert.DoesNotContain("北京市总工会", await help.TextContentAsync());
            }
        }
        else
        {
            // Only what works in English: the Chinese-only lines and the Beijing centre are not offered.
            await Expect(help.Locator("li")).ToHaveCountAsync(1);
            Assert.Equal(0, await help.Locator("a[href='tel:12356']").CountAsync());
            Assert.DoesNotContain("Beijing", await help.TextContentAsync());
        }

        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help}")));
        await page.Context.DisposeAsync();
    }
}

/// <summary>A chat on the phone: times, the counsellor typing, the character limit, the newest message after a reload, and quick exit both ways.</summary>
public sealed class WorkerChatTruthTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    private async Task<(IPage Page, CounselorSession Counselor, Guid ConversationId)> Chat(string language, string first)
    {
        var page = await Phone.Open(Browser, Fixture.Server.BaseAddress, language);
        await page.Locator("#first-message").FillAsync(first);
        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        await Expect(page.Locator("#chat-panel")).ToBeVisibleAsync();
        var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin, "郑老师");
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == first);
        await counselor.Accept(offer.OfferId);
        await Expect(page.Locator("#queue-status")).ToBeHiddenAsync();
        return (page, counselor, offer.ConversationId);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task Messages_show_their_time_the_counsellor_typing_and_a_text_over_the_limit_is_refused_whole(string language)
    {
        var (page, counselor, conversationId) = await Chat(language, $"times {language}");
        await using var _ = counselor;

        await counselor.Connection.InvokeAsync("Typing", conversationId.ToString());
        await Expect(page.Locator("#typing")).ToHaveTextAsync(language == "zh" ? "咨询师正在输入…" : "The counsellor is typing…");
        await counselor.Send(conversationId, "我在听");
        await Expect(page.Locator("#messages .msg.counselor")).ToHaveTextAsync("我在听");
        await Expect(page.Locator("#typing")).ToBeHiddenAsync();
        await Expect(page.Locator("#messages .msg.counselor")).ToHaveAttributeAsync("data-sent-at", new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));
        await Expect(page.Locator("#messages .msg.worker").First).ToHaveAttributeAsync("data-sent-at", new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));
        Assert.Matches(@"\d\d:\d\d", await page.Locator("#messages .msg.counselor").EvaluateAsync<string>("e => getComputedStyle(e, '::after').content"));

        // Near the limit the counter shows; over it, the send is refused here and the whole text stays.
        var input = page.Locator("#message-input");
        await input.FillAsync(new string('长', 3500));
        await Expect(page.Locator("#message-counter")).ToHaveTextAsync(language == "zh" ? "还可输入 500 字（上限 4000 字）" : "500 of 4000 characters left");
        var tooLong = new string('长', 5000);
        await input.FillAsync(tooLong);
        await page.Locator("#send-button").ClickAsync();
        await Expect(page.Locator("#message-counter")).ToHaveTextAsync(language == "zh"
            ? "内容太长，无法发送：共 5000 字，上限 4000 字。请删去 1000 字，或分成几条发送。"
            : "Too long to send: 5000 characters, the limit is 4000. Remove 1000 characters or split it into shorter messages.");
        await Expect(page.Locator("#message-counter")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bover\b"));
        Assert.Equal(5000, await input.EvaluateAsync<int>("e => e.value.length"));

        // A barrier: a short message after it arrives, and nothing of the long one came before it.
        await input.FillAsync("short one");
        await page.Locator("#send-button").ClickAsync();
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "short one");
        Assert.DoesNotContain(counselor.Events.All<ChatMessage>("MessageReceived"), m => m.Text.Length > 4000 || m.Text.StartsWith("长长"));
        await End(page, counselor, conversationId);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task After_a_reload_the_transcript_opens_at_the_newest_message(string language)
    {
        var (page, counselor, conversationId) = await Chat(language, $"reload {language}");
        await using var _ = counselor;
        for (var i = 1; i <= 30; i++)
            await counselor.Send(conversationId, $"line {i}");
        await Expect(page.Locator("#messages .msg.counselor").Last).ToHaveTextAsync("line 30");

        await page.ReloadAsync();
        await Expect(page.Locator("#messages .msg.counselor").Last).ToHaveTextAsync("line 30");
        await Expect(page.Locator("#messages .msg.counselor").Last).ToBeInViewportAsync();
        var measured = await page.Locator("#messages").EvaluateAsync<double[]>(
            "e => [e.scrollHeight - e.scrollTop - e.clientHeight, e.scrollHeight - e.clientHeight]");
        var (scrolled, overflow) = (measured[0], measured[1]);
        Assert.True(overflow > 100, "the transcript is long enough to scroll");
        Assert.True(scrolled < 2, $"{scrolled} px below the view");
        await End(page, counselor, conversationId);
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task Quick_exit_leaves_at_once_and_the_worker_can_come_back_to_the_conversation_on_that_device(string language)
    {
        var (page, counselor, conversationId) = await Chat(language, $"quick exit {language}");
        await using var _ = counselor;
        await page.Context.RouteAsync("https://www.weather.com.cn/**", route => route.FulfillAsync(new() { Body = "<title>weather</title>", ContentType = "text/html" }));

        // Esc while typing is the field's: the page stays, and what is typed next still goes.
        await page.Locator("#message-input").FillAsync("我已经吃了药");
        await page.Locator("#message-input").PressAsync("Escape");
        await page.Locator("#send-button").ClickAsync();
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "我已经吃了药");
        Assert.StartsWith(Fixture.Server.BaseAddress.ToString(), page.Url);

        // Esc with the page itself in focus leaves at once.
        await page.EvaluateAsync("document.activeElement.blur()");
        await Expect(page.Locator("body")).ToBeFocusedAsync();
        // Pressed on the body itself: on a loaded machine the page may still be redrawing after the send, and a key
        // pressed on the keyboard at large went nowhere twice in a full run.
        await page.Locator("body").PressAsync("Escape");
        // The address is read until it changes: waiting for a navigation misses one already done, and then timed out.
        await Expect(page).ToHaveURLAsync(new Regex(@"^https://www\.weather\.com\.cn/"));
        var left = await counselor.Events.WaitFor<WorkerLeftInHurry>("WorkerLeftInHurry", e => e.ConversationId == conversationId);
        Assert.True(left.ResumableUntil > DateTimeOffset.UtcNow);

        // Back on the same device, the page asks before it shows anything of the conversation.
        var back = await page.Context.NewPageAsync();
        await back.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await Expect(back.Locator("#hurry-panel")).ToContainTextAsync(language == "zh" ? "刚才您在这台设备上离开了一段对话。要继续吗？" : "You left a conversation a moment ago on this device. Do you want to continue it?");
        await Expect(back.Locator("#chat-panel")).ToBeHiddenAsync();
        await back.Locator("#hurry-continue").ClickAsync();
        await Expect(back.Locator("#messages .msg.worker").Last).ToHaveTextAsync("我已经吃了药");
        await counselor.Events.WaitFor<WorkerReturned>("WorkerReturned", e => e.ConversationId == conversationId);
        await counselor.Send(conversationId, "你回来了，我还在");
        await Expect(back.Locator("#messages .msg.counselor").Last).ToHaveTextAsync("你回来了，我还在");
        await End(page, counselor, conversationId);
    }

    /// <summary>Ends the chat: a counsellor going offline would send it back to the queue, ahead of the next test's.</summary>
    private static async Task End(IPage page, CounselorSession counselor, Guid conversationId)
    {
        await counselor.Connection.InvokeAsync("EndConversation", conversationId.ToString());
        await page.Context.DisposeAsync();
    }
}
