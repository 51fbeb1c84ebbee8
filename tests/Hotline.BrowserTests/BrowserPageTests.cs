using Hotline.IntegrationTests;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Pages in real headless Chromium (Debian's), against the real app on a loopback port: one app and one browser per
/// test class. The whole suite shares two cores, so assertions get time; they still wait for the thing itself.
/// </summary>
public abstract class BrowserPageTests(ServerFixture fixture) : BrowserPageTests<ServerFixture>(fixture);

/// <summary>The same, against a hotline started with <typeparamref name="TFixture"/>'s settings.</summary>
public abstract class BrowserPageTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ServerFixture
{
    private IPlaywright _playwright = null!;

    protected TFixture Fixture => fixture;

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.Launch(_playwright);
    }

    /// <summary>Signs in on the staff page <paramref name="page"/> is showing.</summary>
    protected static async Task SignIn(IPage page, string userName, string password)
    {
        await page.Locator("#login-user").FillAsync(userName);
        await page.Locator("#login-password").FillAsync(password);
        await page.Locator("#login-button").ClickAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
