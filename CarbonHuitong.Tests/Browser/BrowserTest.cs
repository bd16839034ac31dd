using Microsoft.Playwright;

namespace CarbonHuitong.Tests.Browser;

/// <summary>
/// A browser test: a fresh browser context per test, and on failure a screenshot and the page's HTML saved beside the
/// test run (browser-artifacts/), named after the test.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(Chromium chromium)
{
    public static readonly string ArtifactsFolder = Path.Combine(AppContext.BaseDirectory, "browser-artifacts");

    protected BrowserApp App => chromium.App;

    protected async Task RunAsync(string name, Func<IPage, Task> steps, int width = 1280, int height = 900, string locale = "en-US")
    {
        Skip.If(chromium.Browser is null, chromium.MissingReason);
        await using var context = await chromium.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        try
        {
            await steps(page);
        }
        catch
        {
            Directory.CreateDirectory(ArtifactsFolder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, $"{name}-failed.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(ArtifactsFolder, $"{name}-failed.html"), await page.ContentAsync());
            throw;
        }
    }

    protected static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, $"{name}.png"), FullPage = true });
    }

    /// <summary>Navigates and waits until the page's circuit is live, so clicks are answered.</summary>
    protected static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
    }

    protected static async Task SignInAsync(IPage page, string email, string password = BrowserApp.Password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
    }

    protected static async Task RegisterAsync(IPage page, string email, string password = BrowserApp.Password)
    {
        await page.GotoAsync("/Account/Register");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.FillAsync("#confirm-password", password);
        await page.CheckAsync("#accept-terms");
        await page.ClickAsync("button[type=submit]");
        // Registration never signs in: a taken email must answer the same as a new one, so both go on to sign in.
        await page.WaitForURLAsync(url => url.Contains("/Account/Login"));
        await SignInAsync(page, email, password);
        await page.WaitForURLAsync("**/ledger");
    }

    /// <summary>A fresh ride code for the signed-in citizen, asked for with the page's own cookie, as the app would.</summary>
    protected static async Task<string> RideCodeAsync(IPage page)
    {
        var response = await page.Context.APIRequest.GetAsync("/api/me/ride-code");
        Assert.True(response.Ok, $"GET /api/me/ride-code answered {response.Status}");
        var body = await response.JsonAsync();
        return body!.Value.GetProperty("token").GetString()!;
    }
}
