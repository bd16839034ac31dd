using CarbonHuitong.Core;
using CarbonHuitong.Tests.Web.Government;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

/// <summary>The regional dashboard and open data in Chromium, on a phone and a desktop, checked with axe.</summary>
public sealed class GovernmentDashboardTests(Chromium chromium) : BrowserTest(chromium)
{
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static bool _seeded;

    public static TheoryData<string, int, int> Sizes => new() { { "phone", 390, 844 }, { "desktop", 1280, 900 } };

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task A_regulator_reads_the_dashboard_with_suppressed_cells_and_no_serious_accessibility_violations(string size, int width, int height) =>
        await RunAsync($"government-{size}", async page =>
        {
            await SeedCityAsync();
            var email = $"regulator.{size}@example.com";
            await App.CreateUserAsync(email, Roles.Regulator);
            await SignInAsync(page, email);

            await OpenAsync(page, "/government");

            var table = page.Locator("[data-testid=district-table]");
            await Expect(table).ToContainTextAsync("Yuzhong District");
            await Expect(table).ToContainTextAsync("<10");
            await Expect(page.Locator("[data-testid=district-ranking] li").First).ToContainTextAsync("Yuzhong District");
            await Expect(page.Locator("[data-testid=reductions-chart] svg")).ToBeVisibleAsync();
            await Expect(page.Locator("h1")).ToHaveCountAsync(1);
            await AssertFitsAndAccessibleAsync(page, width);
            await SaveScreenshotAsync(page, $"government-{size}");
        }, width, height);

    [SkippableTheory]
    [MemberData(nameof(Sizes))]
    public async Task Anyone_reads_the_open_data_and_downloads_it(string size, int width, int height) =>
        await RunAsync($"open-data-{size}", async page =>
        {
            await SeedCityAsync();

            await OpenAsync(page, "/open-data");

            await Expect(page.Locator("[data-testid=open-data-table] tbody tr")).ToHaveCountAsync(12);
            await Expect(page.Locator("[data-testid=open-data-table]")).ToContainTextAsync("¥");
            await Expect(page.Locator("[data-testid=open-data-chart] svg")).ToBeVisibleAsync();
            var csv = await page.Context.APIRequest.GetAsync("/open-data.csv");
            Assert.True(csv.Ok, $"GET /open-data.csv answered {csv.Status}");
            Assert.StartsWith("Month,Citizens,ActiveCitizens,Co2eGrams_clothing", (await csv.TextAsync()).TrimStart('\uFEFF'));
            await AssertFitsAndAccessibleAsync(page, width);
            await SaveScreenshotAsync(page, $"open-data-{size}");
        }, width, height);

    internal static async Task AssertFitsAndAccessibleAsync(IPage page, int width)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px at {width} px wide");
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    /// <summary>
    /// Once for the app all browser tests share: 14 residents of Yuzhong (shown), 4 of Jiangbei and 7 of Fuling
    /// (suppressed), and 10 who gave no district and took away without utensils, so food has enough citizens for a bar.
    /// </summary>
    private async Task SeedCityAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_seeded) return;
            var yesterday = RegionalResidents.Yesterday(TimeProvider.System);
            await RegionalResidents.AddAsync(App.Services, "500103", 14, yesterday);
            await RegionalResidents.AddAsync(App.Services, "500105", 4, yesterday);
            await RegionalResidents.AddAsync(App.Services, "500102", 7, yesterday, Core.Behaviours.Methodology.TakeawayWithoutUtensils);
            await RegionalResidents.AddAsync(App.Services, null, 10, yesterday, Core.Behaviours.Methodology.TakeawayWithoutUtensils);
            _seeded = true;
        }
        finally
        {
            Seeding.Release();
        }
    }
}
