using Hotline.IntegrationTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotline.BrowserTests;

/// <summary>A hotline where supervisors need a second factor (admins not, so the test's admin creates accounts with a password).</summary>
public sealed class SupervisorSecondFactorFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__Auth__SecondFactorRoles"] = "supervisor",
});

/// <summary>
/// The second step of a staff sign-in on the supervisor console at 1280×800, in both languages: set-up with the QR
/// code and the key read from the page, a wrong code said in words, the recovery codes shown once, then a sign-in with
/// a code from the app and one with a recovery code.
/// </summary>
public sealed class SecondFactorPageTests(SupervisorSecondFactorFixture fixture) : BrowserPageTests<SupervisorSecondFactorFixture>(fixture)
{
    private static readonly Dictionary<string, Dictionary<string, string>> Words = new()
    {
        ["zh"] = new()
        {
            ["enrolTitle"] = "设置登录第二步验证", ["wrong"] = "验证码不正确。请输入应用中现在显示的 6 位数字（还可以试 4 次）。", ["codesTitle"] = "请保存您的恢复码",
            ["codeTitle"] = "请输入应用中的验证码", ["recoveryTitle"] = "请输入恢复码", ["recoveryLabel"] = "恢复码", ["recoveryUsed"] = "您已用恢复码登录",
        },
        ["en"] = new()
        {
            ["enrolTitle"] = "Set up your second sign-in step", ["wrong"] = "That code is not right. Enter the 6-digit code your app shows now (4 tries left).", ["codesTitle"] = "Save your recovery codes",
            ["codeTitle"] = "Enter the code from your app", ["recoveryTitle"] = "Enter a recovery code", ["recoveryLabel"] = "Recovery code", ["recoveryUsed"] = "You signed in with a recovery code",
        },
    };

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task A_supervisor_sets_up_the_app_from_the_page_saves_the_recovery_codes_and_signs_in_with_a_code_and_with_a_recovery_code(string language)
    {
        var words = Words[language];
        var (userName, password) = await Fixture.Admin.CreateCounselor($"二步督导{language}", role: "supervisor");
        var failures = new List<string>();

        // First sign-in: the password leads to the set-up, not to the board.
        var page = await ConsolePage(language, failures);
        await SignIn(page, userName, password);
        var panel = page.Locator("#second-factor");
        await Expect(panel.Locator("h2")).ToHaveTextAsync(words["enrolTitle"]);
        await Expect(page.Locator("#login-panel")).ToBeHiddenAsync();
        await Expect(page.Locator("#board")).ToBeHiddenAsync();
        // The QR code is the server's SVG as an image, which the page's policy lets it show.
        await page.WaitForFunctionAsync("() => document.getElementById('second-factor-qr').naturalWidth > 0");
        Assert.StartsWith("data:image/svg+xml;base64,", await page.Locator("#second-factor-qr").GetAttributeAsync("src"));
        await Expect(page.Locator("#second-factor-secret")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"));
        var app = new Authenticator((await page.Locator("#second-factor-secret").TextContentAsync())!.Replace(" ", "", StringComparison.Ordinal));

        await page.Locator("#second-factor-code").FillAsync(app.WrongCode());
        await page.Locator("#second-factor-submit").ClickAsync();
        await Expect(page.Locator("#second-factor-error")).ToHaveTextAsync(words["wrong"]);
        await page.Locator("#second-factor-code").FillAsync(app.Code());
        await page.Locator("#second-factor-submit").ClickAsync();
        await Expect(panel.Locator("h2")).ToHaveTextAsync(words["codesTitle"]);
        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        var recoveryCodes = await page.Locator("#recovery-codes li").AllTextContentsAsync();
        // The board waits until the codes are saved.
        await Expect(page.Locator("#board")).ToBeHiddenAsync();
        await page.Locator("#recovery-codes-saved").ClickAsync();
        await Expect(page.Locator("#board")).ToBeVisibleAsync();
        await Expect(panel).ToHaveCountAsync(0);

        // Next sign-in, in a new tab: a code from the app (the next step's: this one was used to set up).
        var again = await ConsolePage(language, failures);
        await SignIn(again, userName, password);
        await Expect(again.Locator("#second-factor h2")).ToHaveTextAsync(words["codeTitle"]);
        await again.Locator("#second-factor-code").FillAsync(app.Code(stepsAhead: 1));
        await again.Locator("#second-factor-submit").ClickAsync();
        await Expect(again.Locator("#board")).ToBeVisibleAsync();

        // The phone is not at hand: a recovery code, once.
        var recovered = await ConsolePage(language, failures);
        await SignIn(recovered, userName, password);
        await recovered.Locator("#second-factor-switch").ClickAsync();
        await Expect(recovered.Locator("#second-factor h2")).ToHaveTextAsync(words["recoveryTitle"]);
        await Expect(recovered.Locator("label[for='second-factor-code']")).ToHaveTextAsync(words["recoveryLabel"]);
        await recovered.Locator("#second-factor-code").FillAsync(recoveryCodes[0]);
        await recovered.Locator("#second-factor-submit").ClickAsync();
        await Expect(recovered.Locator("#second-factor h2")).ToHaveTextAsync(words["recoveryUsed"]);
        await Expect(recovered.Locator("#recovery-codes-left")).ToHaveTextAsync("9");
        await recovered.Locator("#second-factor-continue").ClickAsync();
        await Expect(recovered.Locator("#board")).ToBeVisibleAsync();

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The console in a new browser context (its own tab storage), at 1280×800 in <paramref name="language"/>.</summary>
    private async Task<IPage> ConsolePage(string language, List<string> failures)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await context.AddInitScriptAsync($"localStorage.setItem('hotline.lang', '{language}')");
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            // A refused step answers 401, which the browser reports on its own; the page's words are checked above.
            if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal))
                failures.Add($"console error: {message.Text} at {message.Location}");
        };
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        return page;
    }
}
