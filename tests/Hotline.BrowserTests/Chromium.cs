using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>Debian's Chromium, headless, as every browser test launches it (the test script installs it).</summary>
public static class Chromium
{
    public static Task<IBrowser> Launch(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
}
