using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

public sealed class PhoneAndAccessibilityTests(Chromium chromium) : BrowserTest(chromium)
{
    /// <summary>Every page a citizen opens, by the name its phone screenshot is saved under.</summary>
    private static readonly (string Path, string Name)[] CitizenPages =
    [
        ("/", "home"), ("/ledger", "ledger"), ("/mall", "mall"), ("/coupons", "wallet"), ("/ride-code", "ride-code"), ("/me", "me"),
        ("/scenarios", "scenarios"), ("/notifications", "notifications"), ("/claims", "claims"), ("/methodology", "methodology"),
        ("/Account/Manage", "profile"), ("/no-such-page", "not-found"),
    ];

    public static TheoryData<int, string> Sizes => new() { { 320, "zh-CN" }, { 320, "en-US" }, { 375, "zh-CN" }, { 375, "en-US" }, { 768, "zh-CN" }, { 768, "en-US" } };

    /// <summary>
    /// At each width and language, every citizen page fits without sideways scrolling; on a phone the tab bar is there and
    /// leads where it says, and what a thumb taps is at least 44 px; at 375 px each page is saved to look at.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task Every_citizen_page_fits_the_width_and_on_a_phone_has_the_tab_bar_and_thumb_sized_targets(int width, string locale) =>
        await RunAsync($"phone-{width}-{locale}", async page =>
        {
            var email = $"phone.{width}.{locale}@example.com";
            await App.CreateUserAsync(email);
            await page.Context.AddCookiesAsync([new() { Name = ".AspNetCore.Culture", Value = $"c={Culture(locale)}|uic={Culture(locale)}", Url = App.BaseUrl }]);
            await SignInAsync(page, email);
            for (var ride = 0; ride < 3; ride++) await App.ScanAsync(await RideCodeAsync(page), $"phone-{width}-{locale}-{ride}");
            var phone = width < 600;

            foreach (var (path, name) in CitizenPages)
            {
                var response = await page.GotoAsync(path);
                if (name == "not-found") Assert.Equal(404, response!.Status);
                await Expect(page.Locator("h1")).ToBeVisibleAsync();
                if (!path.StartsWith("/Account/", StringComparison.Ordinal) && name != "not-found")
                    await page.Locator("[data-interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px at {width} px in {locale}");
                await Expect(page.Locator("[data-testid=bottom-tabs]")).ToBeVisibleAsync(new() { Visible = phone });
                if (phone)
                {
                    var small = await SmallTargetsAsync(page);
                    Assert.True(small.Length == 0, $"tap targets under 44 px at {width} px in {locale}:\n" + string.Join("\n", small));
                }
                if (width == 375) await SaveScreenshotAsync(page, $"phone-{name}-{locale}");
            }

            if (phone)
            {
                await OpenAsync(page, "/");
                await page.Locator("[data-testid=bottom-tabs] a[href=mall]").ClickAsync();
                await page.WaitForURLAsync("**/mall");
                await Expect(page.Locator("[data-testid=bottom-tabs] a.active")).ToHaveAttributeAsync("href", "mall");
                await page.Locator("[data-testid=bottom-tabs] a[href=me]").ClickAsync();
                await page.WaitForURLAsync("**/me");
                await Expect(page.Locator("[data-testid=me-email]")).ToHaveTextAsync(email);
            }
        }, width: width, height: 812, locale: locale);

    [SkippableFact]
    public async Task The_web_app_manifest_and_its_icons_are_served() =>
        await RunAsync("manifest", async page =>
        {
            var manifest = await page.Context.APIRequest.GetAsync("/manifest.webmanifest");
            Assert.Equal(200, manifest.Status);
            Assert.StartsWith("application/manifest+json", manifest.Headers["content-type"], StringComparison.Ordinal);
            var icons = (await manifest.JsonAsync())!.Value.GetProperty("icons").EnumerateArray().Select(i => i.GetProperty("src").GetString()!).ToList();
            Assert.NotEmpty(icons);
            foreach (var icon in icons) Assert.Equal(200, (await page.Context.APIRequest.GetAsync(icon)).Status);
            await page.GotoAsync("/");
            await Expect(page.Locator("link[rel=manifest]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("manifest\\.webmanifest$"));
        });

    private static string Culture(string locale) => locale == "en-US" ? "en" : "zh-CN";

    /// <summary>
    /// The visible buttons, tabs, toggles and links that stand alone (not links inside a sentence) smaller than 44 px
    /// either way, described for the failure message.
    /// </summary>
    private static async Task<string[]> SmallTargetsAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => [...document.querySelectorAll('button, [role=button], a.mud-button-root, .mud-toggle-item, summary, .bottom-tab, .me-link, .culture-switch a, input[type=checkbox], input[type=radio]')]
            .filter(e => e.offsetParent !== null && !e.closest('.mud-popover, .mud-picker, .mud-table-pagination, .mud-chart'))
            .map(e => e.type === 'checkbox' || e.type === 'radio' ? (e.closest('label') ?? e) : e)
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.width < 43.5 || r.height < 43.5); })
            .map(e => { const r = e.getBoundingClientRect(); return `${location.pathname} ${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 2).join('.')} "${(e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`; })
        """);

    public static TheoryData<string> PagesToCheck => new() { "/", "/methodology", "/Account/Login", "/Account/Register", "/ledger", "/mall", "/coupons", "/ride-code", "/Account/Manage", "/no-such-page", "/me", "/scenarios", "/notifications", "/claims", "/open-data" };

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
            var serious = results.Violations.Where(v => v.Impact is "moderate" or "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
        });
}
