using System.Net;
using System.Net.Http.Headers;
using Hotline.Contracts;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The header's Sign out: it ends the session on the server, not only in the tab.</summary>
public sealed class SignOutPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task Signing_out_on_the_desk_shows_the_login_form_and_the_old_token_is_refused()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await Desk.Open(page, Fixture, "退出老师");
        var token = await page.EvaluateAsync<string>("sessionStorage.getItem('hotline.staffToken')");
        using var http = Fixture.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/rota/mine")).StatusCode);

        await page.Locator("#sign-out").ClickAsync();

        await Expect(page.Locator("#login-panel")).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-out")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('hotline.staffToken')"));
        var refused = await http.GetAsync("/api/rota/mine");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(RefusalCodes.SessionEnded, (await ProblemRefusal.Read(refused)).Code);
    }

    [Fact]
    public async Task Every_staff_page_has_a_sign_out_button_in_its_header_only_once_signed_in()
    {
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        foreach (var path in new[] { "/counselor.html", "/supervisor.html", "/reports.html", "/rota.html", "/network.html", "/lines.html" })
        {
            await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, path).ToString());
            await Expect(page.Locator("#login-panel")).ToBeVisibleAsync();
            await Expect(page.Locator("header #sign-out")).ToHaveCountAsync(1);
            await Expect(page.Locator("#sign-out")).ToBeHiddenAsync();
        }
        var (userName, password) = await Fixture.Admin.CreateCounselor("退出主管", role: "supervisor");
        await SignIn(page, userName, password);
        await Expect(page.Locator("#login-panel")).ToBeHiddenAsync();
        await Expect(page.Locator("#sign-out")).ToHaveTextAsync("退出登录");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
