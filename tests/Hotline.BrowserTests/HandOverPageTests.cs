using Hotline.IntegrationTests;
using Hotline.IntegrationTests.Twilio;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The desk when a supervisor reassigns a chat: it goes to the colleague, and no wrap-up is asked of the counsellor who had it.</summary>
public sealed class HandOverPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_reassigned_chat_leaves_the_old_counsellors_desk_without_a_wrap_up_and_says_why()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("周老师");
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/counselor.html").ToString());
        await SignIn(page, userName, password);
        await page.Locator("#presence-available").ClickAsync();
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        var started = await worker.StartChat("reassign me: 压力很大");
        await page.Locator(".offer", new() { HasText = "reassign me" }).Locator(".accept-offer").ClickAsync();
        await Assertions.Expect(page.Locator(".conversation-tab")).ToHaveCountAsync(1);

        var (colleagueName, colleaguePassword) = await Fixture.Admin.CreateCounselor("吴老师");
        await using var colleague = await CounselorSession.Connect(Fixture.Server, await Fixture.Server.LoginAsync(colleagueName, colleaguePassword));
        await colleague.SetPresence("Available");
        await using var supervisor = await SupervisorSession.NewSupervisor(Fixture.Server, Fixture.Admin);
        await supervisor.Connection.InvokeAsync("Reassign", started.ConversationId.ToString(), colleagueName);

        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("督导已将一段对话转给同事");
        await Assertions.Expect(page.Locator(".conversation-tab")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#wrapup")).ToBeHiddenAsync();
    }
}

/// <summary>The desk when an SMS worker texts STOP or a caller hangs up: the wrap-up is owed, and the page says who ended it.</summary>
public sealed class PhoneEndPageTests(TwilioFixture hotline) : IClassFixture<TwilioFixture>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.Launch(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task Stop_and_a_hang_up_are_shown_as_the_workers_doing_not_the_counsellors()
    {
        const string number = "+8613800138077";
        var callSid = TwilioFixture.NewSid("CA");
        await using var leaving = hotline.Leaving([number], [(callSid, "+8613700000077")]);
        var (userName, password) = await hotline.Admin.CreateCounselor("钱老师", cap: 2);
        var page = await (await _browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(hotline.Server.BaseAddress, "/counselor.html").ToString());
        await page.Locator("#login-user").FillAsync(userName);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("#login-button").ClickAsync();
        await page.Locator("#presence-available").ClickAsync();

        await hotline.Text(number, "短信来访：睡不着");
        await page.Locator(".offer", new() { HasText = "短信来访" }).Locator(".accept-offer").ClickAsync();
        await Assertions.Expect(page.Locator("#chat-messages")).ToContainTextAsync("短信来访");
        await hotline.Text(number, "退订");
        await Assertions.Expect(page.Locator("#chat-messages .notice")).ToContainTextAsync("来访者发送了退订");
        await Assertions.Expect(page.Locator("#wrapup")).ToBeVisibleAsync();
        await page.Locator("#lang-toggle").ClickAsync();

        await hotline.PostTwiml("/api/twilio/voice", TwilioFixture.Call(callSid, "+8613700000077"));
        await page.Locator(".offer").Locator(".accept-offer").ClickAsync();
        await Assertions.Expect(page.Locator(".conversation-tab")).ToHaveCountAsync(2);
        await hotline.PostTwiml("/api/twilio/voice/status", new Dictionary<string, string> { ["CallSid"] = callSid, ["From"] = "+8613700000077", ["CallStatus"] = "completed" });
        await Assertions.Expect(page.Locator("#chat-messages .notice")).ToContainTextAsync("the caller hung up");
        await Assertions.Expect(page.Locator("#wrapup")).ToBeVisibleAsync();
    }
}
