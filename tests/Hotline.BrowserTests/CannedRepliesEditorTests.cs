using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>Supervisors keep the canned replies: add one, change it, delete it, from the supervisor page.</summary>
public sealed class CannedRepliesEditorTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task A_supervisor_adds_changes_and_deletes_a_canned_reply()
    {
        var (userName, password) = await Fixture.Admin.CreateCounselor("刘督导", role: "supervisor");
        var page = await (await Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(Fixture.Server.BaseAddress, "/supervisor.html").ToString());
        await SignIn(page, userName, password);

        await page.Locator("#canned-id").FillAsync("night-shift");
        await page.Locator("#canned-title-zh").FillAsync("夜班");
        await page.Locator("#canned-text-zh").FillAsync("上夜班一定很辛苦，你最近睡得怎么样？");
        await page.Locator("#canned-title-en").FillAsync("Night shift");
        await page.Locator("#canned-text-en").FillAsync("Night shifts are hard. How have you been sleeping?");
        await page.Locator("#canned-save").ClickAsync();
        var item = page.Locator("#canned-replies li", new() { HasText = "night-shift" });
        await Assertions.Expect(item).ToContainTextAsync("夜班 / Night shift");

        await item.Locator(".edit-canned").ClickAsync();
        await Assertions.Expect(page.Locator("#canned-text-en")).ToHaveValueAsync("Night shifts are hard. How have you been sleeping?");
        await page.Locator("#canned-title-en").FillAsync("Working nights");
        await page.Locator("#canned-save").ClickAsync();
        await Assertions.Expect(item).ToContainTextAsync("夜班 / Working nights");
        Assert.Equal("Working nights", (await Reply(userName, password, "night-shift"))?.GetProperty("titleEn").GetString());

        await item.Locator(".delete-canned").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);
        Assert.Null(await Reply(userName, password, "night-shift"));
    }

    private async Task<JsonElement?> Reply(string userName, string password, string id)
    {
        using var http = Fixture.Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await Fixture.Server.LoginAsync(userName, password));
        var replies = await http.GetFromJsonAsync<JsonElement[]>("/api/canned-replies");
        return replies!.Cast<JsonElement?>().FirstOrDefault(r => r!.Value.GetProperty("id").GetString() == id);
    }
}
