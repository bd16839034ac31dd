using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

/// <summary>The sign-in, registration, forgot-password and legal pages on a phone, in both languages.</summary>
public sealed class AccountPagesBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    public static TheoryData<string, string> SignedOutPages => new()
    {
        { "/Account/Login", "en-US" }, { "/Account/Login", "zh-CN" },
        { "/Account/Register", "en-US" }, { "/Account/Register", "zh-CN" },
        { "/Account/ForgotPassword", "en-US" }, { "/Account/ForgotPassword", "zh-CN" },
        { "/terms", "en-US" }, { "/terms", "zh-CN" },
        { "/privacy", "en-US" }, { "/privacy", "zh-CN" },
    };

    // Everything a thumb aims at on these pages; a checkbox's target is its whole label row.
    private const string TapTargets = """
        () => [...document.querySelectorAll('.account-form input:not([type=hidden]):not([type=checkbox]), .account-form select, .account-form button, .account-form label.checkbox, .account-form a, .account-links a, .legal-document a')]
            .map(e => ({ what: e.outerHTML.slice(0, 80), height: Math.round(e.getBoundingClientRect().height) }))
            .filter(t => t.height < 44)
            .map(t => `${t.what} is ${t.height}px tall`)
        """;

    [SkippableTheory]
    [MemberData(nameof(SignedOutPages))]
    public async Task On_a_phone_the_page_fits_and_every_target_is_at_least_44_px_tall(string path, string locale) =>
        await RunAsync($"phone{path.Replace('/', '-').ToLowerInvariant()}-{locale}", async page =>
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToHaveCountAsync(1);

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px at 375 px wide");
            var small = await page.EvaluateAsync<string[]>(TapTargets);
            Assert.True(small.Length == 0, string.Join("\n", small));
            await SaveScreenshotAsync(page, $"phone{path.Replace('/', '-').ToLowerInvariant()}-{locale}");
        }, width: 375, height: 812, locale: locale);

    [SkippableTheory]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/terms")]
    [InlineData("/privacy")]
    public async Task The_page_has_no_accessibility_violation_above_minor(string path) =>
        await RunAsync($"axe{path.Replace('/', '-')}", async page =>
        {
            await page.GotoAsync(path);
            var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
            var above = results.Violations.Where(v => v.Impact is "moderate" or "serious" or "critical").ToList();
            Assert.True(above.Count == 0, string.Join("\n", above.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
        });

    [SkippableFact]
    public async Task Registration_needs_the_consent_box_ticked() =>
        await RunAsync(nameof(Registration_needs_the_consent_box_ticked), async page =>
        {
            await page.GotoAsync("/Account/Register");
            await page.FillAsync("#email", "unticked@example.com");
            await page.FillAsync("#password", BrowserApp.Password);
            await page.FillAsync("#confirm-password", BrowserApp.Password);
            await page.ClickAsync("button[type=submit]");

            await Expect(page.Locator("div.validation-message")).ToHaveTextAsync("To register, accept the user agreement and the privacy policy.");
            // The box is ticked by tapping anywhere on its row.
            await page.ClickAsync("label.consent", new Microsoft.Playwright.PageClickOptions { Position = new() { X = 5, Y = 5 } });
            await Expect(page.Locator("#accept-terms")).ToBeCheckedAsync();
        }, width: 375, height: 812);
}
