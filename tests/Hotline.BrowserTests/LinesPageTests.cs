using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The network admins' page of lines: the network as a tree, a city line added under its province from the form
/// (and then a line workers can choose), and a wrong change refused in the page's words with nothing changed.
/// </summary>
public sealed class LinesPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task An_admin_adds_a_city_under_its_province_and_sees_a_wrong_change_refused_in_their_language()
    {
        var failures = new List<string>();
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => failures.Add($"page error: {error}");
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/lines.html").ToString());
        await SignIn(page, HotlineServer.AdminUserName, HotlineServer.AdminPassword);

        var henan = page.Locator("#line-tree li[data-line='henan']");
        await Expect(page.Locator("#line-tree > li[data-line='national'] > .line-entry strong")).ToHaveTextAsync("全国职工心理援助热线（后备）");
        await Expect(henan.Locator("li[data-line='luoyang'] strong")).ToHaveTextAsync("洛阳市总工会职工心理援助热线");

        await henan.Locator("> .line-entry .line-add-under").ClickAsync();
        await Expect(page.Locator("#line-parent")).ToHaveValueAsync("henan");
        await page.Locator("#line-id").FillAsync("kaifeng");
        await page.Locator("#line-zh").FillAsync("开封市总工会职工心理援助热线");
        await page.Locator("#line-en").FillAsync("Kaifeng Federation of Trade Unions support line");
        await page.Locator("#line-region").FillAsync("410200");
        await page.Locator("#line-hours").FillAsync("mon tue wed thu fri 08:00-22:00\nsat sun 09:00-21:00");
        await page.Locator("#line-referrals").FillAsync("union-heart-station");
        await page.Locator("#line-save").ClickAsync();

        await Expect(page.Locator("#line-saved")).ToHaveTextAsync("已保存：开封市总工会职工心理援助热线。几秒内每台服务器都会生效。");
        await Expect(henan.Locator("li[data-line='kaifeng'] strong")).ToHaveTextAsync("开封市总工会职工心理援助热线");
        using (var http = Fixture.Server.CreateClient())
        {
            var lines = await http.GetFromJsonAsync<List<JsonElement>>("/api/lines");
            Assert.Equal("henan", lines!.Single(l => l.GetProperty("id").GetString() == "kaifeng").GetProperty("parent").GetString());
        }
        using (var admin = await Fixture.Admin.Client())
        {
            var network = await admin.GetFromJsonAsync<JsonElement>("/api/admin/lines");
            var kaifeng = network.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("id").GetString() == "kaifeng");
            Assert.Equal(["sat", "sun"], kaifeng.GetProperty("hours")[1].GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        }

        // Henan under its own city: refused, in Chinese, then in English; the tree keeps Henan where it was.
        await henan.Locator("> .line-entry .line-edit").ClickAsync();
        await Expect(page.Locator("#line-id")).ToHaveValueAsync("henan");
        await page.Locator("#line-parent").SelectOptionAsync("luoyang");
        await page.Locator("#line-save").ClickAsync();
        await Expect(page.Locator("#line-form-error")).ToHaveTextAsync("热线“henan”不能在自己之下：请选择一条不属于它下级的上级热线。");
        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("#line-form-error")).ToHaveTextAsync("The line 'henan' cannot be under itself: choose a line above it that is not one of its own lines below.");
        await Expect(page.Locator("#line-tree > li[data-line='national'] > ul > li[data-line='henan'] > .line-entry strong")).ToHaveTextAsync("Henan Federation of Trade Unions support line");

        // A time the server cannot read is said plainly too.
        await page.Locator("#line-parent").SelectOptionAsync("national");
        await page.Locator("#line-hours").FillAsync("mon 6am-24:00");
        await page.Locator("#line-save").ClickAsync();
        await Expect(page.Locator("#line-form-error")).ToHaveTextAsync("'6am' is not a time of day for the line 'henan': write HH:mm (08:00), or 24:00 for midnight.");

        Assert.Empty(failures);
        await context.DisposeAsync();
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
