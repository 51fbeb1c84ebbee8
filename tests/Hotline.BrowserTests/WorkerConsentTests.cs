using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Hotline.Contracts.Conversations;
using Hotline.IntegrationTests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotline.BrowserTests;

/// <summary>The privacy notice before the first message: read in both languages, agreed to, or no chat; and /privacy in full.</summary>
public sealed class WorkerConsentTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task No_chat_starts_before_I_agree_and_after_it_the_conversation_records_the_notice_version(string language)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        var wire = await HubWire.Route(page, "/hubs/worker");
        var starts = wire.Record("StartChat");
        // The server's answer to the page's StartChat: the new conversation's id.
        var started = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        wire.ToPage = message =>
        {
            if ((int?)message["type"] == 3 && message["result"]?["conversationId"] is { } id)
                started.TrySetResult(Guid.Parse((string)id!));
            return [message];
        };
        await page.GotoAsync(Fixture.Server.BaseAddress.ToString());

        var notice = page.Locator("#notice");
        await Expect(notice.Locator("h2")).ToHaveTextAsync(language == "zh" ? "开始之前：您的隐私" : "Before you start: your privacy");
        // The period is the server's own retention setting (Hotline:Retention:Days, 1095 by default).
        await Expect(page.Locator("#notice-kept")).ToContainTextAsync(language == "zh" ? "对话结束 3 年后删除" : "for 3 years after the conversation ends");
        await Expect(notice).ToContainTextAsync(language == "zh" ? "实时旁听" : "watch it live");
        await Expect(notice).ToContainTextAsync(language == "zh" ? "自动检查" : "checked automatically");
        await Expect(notice).ToContainTextAsync(language == "zh" ? "生命有危险" : "in danger");
        await Expect(notice.Locator("a[href='/privacy']")).ToBeVisibleAsync();
        var agree = page.GetByRole(AriaRole.Checkbox, new() { Name = language == "zh" ? "我已阅读本告知，并同意按上述方式保存和处理我的对话。" : "I have read this notice and I agree to my conversation being kept and handled this way." });
        await Expect(agree).Not.ToBeCheckedAsync();

        // Before agreeing, the start button is off; forced on, the page still says what is needed and sends nothing.
        await page.Locator("#first-message").FillAsync(language == "zh" ? "我需要找人说说" : "I need someone to talk to");
        await Expect(page.Locator("#start-button")).ToBeDisabledAsync();
        await page.EvaluateAsync("document.getElementById('start-button').disabled = false");
        await page.Locator("#start-button").ClickAsync();
        await Expect(page.Locator("#error")).ToHaveTextAsync(language == "zh"
            ? "开始之前，请阅读隐私告知并勾选“我同意”。如有紧急危险，请立即拨打 110、120 或 12356。"
            : "Please read the privacy notice and tick \"I agree\" before you start. If you are in danger, call 110, 120 or 12356 now.");
        await Expect(page.Locator("#chat-panel")).ToBeHiddenAsync();
        lock (starts)
            Assert.Empty(starts);

        // The language switch turns the notice over like every other word, the server's period included.
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(notice.Locator("h2")).ToHaveTextAsync(language == "zh" ? "Before you start: your privacy" : "开始之前：您的隐私");
        await Expect(page.Locator("#notice-kept")).ToContainTextAsync(language == "zh" ? "for 3 years" : "3 年后删除");
        await page.Locator("#lang-toggle").ClickAsync();

        // The keyboard ticks it (Space on the focused checkbox), and the chat starts.
        await agree.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(agree).ToBeCheckedAsync();
        await page.Locator("#start-button").ClickAsync();
        await Expect(page.Locator("#chat-panel")).ToBeVisibleAsync();
        await Expect(page.Locator("#queue-status")).ToBeVisibleAsync();
        JsonObject start;
        lock (starts)
            start = Assert.Single(starts);
        Assert.Equal(PrivacyNotice.Version, (string?)start["arguments"]![0]!["consentVersion"]);

        // The conversation itself records the version and when it was agreed to: the supervisor's view shows it.
        var conversationId = await started.Task;
        await using var supervisor = await SupervisorSession.NewSupervisor(Fixture.Server, Fixture.Admin, $"知情督导 {language}");
        var view = await supervisor.Connection.InvokeAsync<MonitoredConversation>("MonitorConversation", conversationId.ToString());
        Assert.NotNull(view.Consent);
        Assert.Equal(PrivacyNotice.Version, view.Consent.NoticeVersion);
        Assert.Equal("web", view.Consent.Channel);
        Assert.NotNull(view.Consent.AgreedAt);
        await page.Locator("#end-button").ClickAsync();
        await Expect(page.Locator("#new-chat")).ToBeVisibleAsync();
        await context.DisposeAsync();
    }

    [Fact]
    public async Task Quick_exit_is_one_tap_before_agreeing_too()
    {
        var page = await Phone.Open(Browser, Fixture.Server.BaseAddress, "zh");
        await page.Context.RouteAsync("https://www.weather.com.cn/**", route => route.FulfillAsync(new() { Body = "<title>weather</title>", ContentType = "text/html" }));
        await Expect(page.Locator("#consent")).Not.ToBeCheckedAsync();
        await page.Locator("#quick-exit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"^https://www\.weather\.com\.cn/"));
        await page.Context.DisposeAsync();
    }

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task The_full_notice_at_privacy_says_the_same_facts_in_both_languages(string language)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/privacy").ToString());
        Assert.Equal(200, response!.Status);
        var zh = language == "zh";
        await Expect(page.Locator("h1")).ToHaveTextAsync(zh ? "隐私告知" : "Privacy notice");
        await Expect(page.Locator("#privacy-how-long")).ToContainTextAsync(zh ? "保存 3 年" : "kept for 3 years");
        await Expect(page.Locator("main")).ToContainTextAsync(zh ? "实时旁听" : "watch it live");
        await Expect(page.Locator("main")).ToContainTextAsync(zh ? "风险筛查" : "Risk screening");
        await Expect(page.Locator("main")).ToContainTextAsync(zh ? "生命有危险时" : "When a life is in danger");
        await Expect(page.Locator("#privacy-version")).ToContainTextAsync(PrivacyNotice.Version);
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(zh ? "Privacy notice" : "隐私告知");
        await Expect(page.Locator("#privacy-how-long")).ToContainTextAsync(zh ? "kept for 3 years" : "保存 3 年");
        await Expect(page.Locator("a[href='/']")).ToBeVisibleAsync();
        await context.DisposeAsync();
    }
}
