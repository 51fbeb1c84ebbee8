using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The risk sound: it plays when a held chat rises to R3 or R4, and its switch is remembered across a reload.</summary>
public sealed class CounselorDeskSoundTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    // Every tone the page starts, by frequency: the risk sound begins at 988 Hz, the offer tone is 660 Hz.
    private const string RecordTones = """
        window.tones = [];
        const start = OscillatorNode.prototype.start;
        OscillatorNode.prototype.start = function (...args) { window.tones.push(this.frequency.value); return start.apply(this, args); };
        """;

    [Theory]
    [InlineData("zh")]
    [InlineData("en")]
    public async Task A_raise_to_R3_sounds_and_once_switched_off_a_raise_to_R4_is_silent_after_a_reload(string language)
    {
        var page = await CounselorDeskPage.Open(Browser, Fixture, language, cap: 2, prepare: page => page.AddInitScriptAsync(RecordTones));
        await Expect(page.Locator("#risk-sound")).ToBeCheckedAsync();
        await using var first = await CounselorDeskPage.Take(page, Fixture, $"{language} sound first: 失眠");
        await first.Send("我不想活了");
        await Expect(CounselorDeskPage.Line(page, first).Locator(".risk-mark.risk-R3")).ToBeVisibleAsync();
        Assert.Contains(988, await page.EvaluateAsync<double[]>("() => window.tones"));

        await page.Locator("#risk-sound").UncheckAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#risk-sound")).Not.ToBeCheckedAsync();
        await Expect(page.Locator("#offer-sound")).ToBeCheckedAsync();
        await Expect(page.Locator(".conversation-tab")).ToHaveCountAsync(1);

        await using var second = await CounselorDeskPage.Take(page, Fixture, $"{language} sound second: 压力大");
        Assert.Contains(660, await page.EvaluateAsync<double[]>("() => window.tones"));
        await second.Send("我已经吃了药");
        // The mark is drawn after the sound would have started: past it, no risk tone means none was played.
        await Expect(CounselorDeskPage.Line(page, second).Locator(".risk-mark.risk-R4")).ToBeVisibleAsync();
        Assert.DoesNotContain(988, await page.EvaluateAsync<double[]>("() => window.tones"));

        await CounselorDeskPage.Leave(page);
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
