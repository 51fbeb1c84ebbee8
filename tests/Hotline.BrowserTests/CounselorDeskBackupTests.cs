using Hotline.IntegrationTests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hotline.BrowserTests;

/// <summary>
/// A Hunan provincial counsellor's desk answering a Changsha worker as backup (nobody is on duty at Changsha): the
/// offer and the open chat say for which line, and the side panel puts Changsha's own help first; nothing of another
/// region is offered (the hub's refusal of one sent anyway: ReferralLineTests).
/// </summary>
public sealed class CounselorDeskBackupTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    private const string ChangshaZh = "长沙市总工会职工心理援助热线";
    private const string ChangshaEn = "Changsha Federation of Trade Unions support line";

    [Fact]
    public async Task A_provincial_desk_says_it_answers_for_the_city_and_offers_the_city_s_local_help_first()
    {
        var page = await CounselorDeskPage.Open(Browser, Fixture, "zh", lines: ["hunan"]);
        await using var worker = await WorkerSession.Connect(Fixture.Server);
        await worker.StartChat("长沙这边有人吗", line: "changsha");

        var offer = page.Locator(".offer", new() { HasText = "长沙这边有人吗" });
        await Expect(offer.Locator(".offer-backup")).ToContainTextAsync(ChangshaZh);
        await offer.Locator(".accept-offer").ClickAsync();
        await Expect(page.Locator("#chat-messages")).ToContainTextAsync("长沙这边有人吗");
        await Expect(page.Locator("#chat-backup")).ToContainTextAsync($"后备接听：这位职工联系的是{ChangshaZh}");

        await page.Locator("#tab-replies").ClickAsync();
        await Expect(page.Locator("#local-help-title")).ToHaveTextAsync($"{ChangshaZh}为职工推荐的求助渠道");
        var local = page.Locator("#local-referral-cards .referral-card");
        await Expect(local).ToHaveCountAsync(1);
        await Expect(local).ToHaveAttributeAsync("data-referral-id", "union-heart-station");
        // Beijing's own centre serves Beijing's workers only: not offered for a Changsha chat.
        await Expect(page.Locator(".referral-card[data-referral-id='beijing-union-centre']")).ToHaveCountAsync(0);
        await local.ClickAsync();
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Sender == "system" && m.Text.Contains("职工心灵驿站"));

        await page.Locator("#lang-toggle").ClickAsync();
        await Expect(page.Locator("#chat-backup")).ToContainTextAsync($"Backup for {ChangshaEn}");
        await Expect(page.Locator("#local-help-title")).ToHaveTextAsync($"Help {ChangshaEn} names for its workers");

        await CounselorDeskPage.Leave(page);
    }
}
