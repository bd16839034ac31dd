using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

public sealed class PhoneAndAccessibilityTests(Chromium chromium) : BrowserTest(chromium)
{
    public static TheoryData<string, string> CitizenPages => new()
    {
        { "/ledger", "ledger" },
        { "/mall", "mall" },
        { "/coupons", "wallet" },
        { "/ride-code", "ride-code" },
        { "/Account/Manage", "me" },
        { "/no-such-page", "not-found" },
    };

    [SkippableTheory]
    [MemberData(nameof(CitizenPages))]
    public async Task On_a_phone_the_page_fits_without_horizontal_scrolling(string path, string name) =>
        await RunAsync($"phone-{name}", async page =>
        {
            await App.CreateUserAsync($"phone.{name}@example.com");
            await SignInAsync(page, $"phone.{name}@example.com");
            for (var ride = 0; ride < 3; ride++) await App.ScanAsync(await RideCodeAsync(page), $"phone-{name}-{ride}");

            // The account pages are plain forms, rendered on the server without a circuit.
            if (path.StartsWith("/Account/", StringComparison.Ordinal)) await page.GotoAsync(path);
            else await OpenAsync(page, path);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px at 375 px wide");
            await SaveScreenshotAsync(page, $"phone-{name}");
        }, width: 375, height: 812);

    public static TheoryData<string> PagesToCheck => new() { "/", "/methodology", "/Account/Login", "/Account/Register", "/ledger", "/mall", "/coupons", "/ride-code", "/Account/Manage", "/no-such-page" };

    [SkippableTheory]
    [MemberData(nameof(PagesToCheck))]
    public async Task The_page_has_one_main_heading_and_no_serious_accessibility_violations(string path) =>
        await RunAsync($"axe{path.Replace('/', '-')}", async page =>
        {
            var email = $"axe{path.Replace('/', '.')}@example.com".Replace("..", ".");
            await App.CreateUserAsync(email);
            await SignInAsync(page, email);

            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
            // A page that streams its data sets its title when the render finishes, which a loaded machine can delay.
            await page.WaitForFunctionAsync("() => document.title.length > 0");

            await Expect(page.Locator("h1")).ToHaveCountAsync(1);
            var results = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] },
            });
            var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
        });
}
