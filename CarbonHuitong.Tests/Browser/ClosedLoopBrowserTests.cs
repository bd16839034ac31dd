using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Web.Government;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

/// <summary>The closed-loop report in Chromium, on a phone and a desktop, for a regulator, checked with axe.</summary>
public sealed class ClosedLoopBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Organization = "Chongqing Public Transport Group (closed loop)";
    private const string ProjectName = "Browser closed-loop bus project";

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static bool _seeded;

    [SkippableTheory]
    [MemberData(nameof(GovernmentDashboardTests.Sizes), MemberType = typeof(GovernmentDashboardTests))]
    public async Task A_regulator_reads_the_seeds_loop_with_its_funnel_and_no_serious_accessibility_violations(string size, int width, int height) =>
        await RunAsync($"closed-loop-{size}", async page =>
        {
            await SeedSeedsLoopAsync();
            var email = $"regulator.loop.{size}@example.com";
            await App.CreateUserAsync(email, Roles.Regulator);
            await SignInAsync(page, email);

            await OpenAsync(page, "/government/closed-loop");

            var headline = page.Locator("[data-testid=closed-loop-project]").Filter(new() { HasText = ProjectName });
            await Expect(headline).ToContainTextAsync("166,000 t sold for ¥1,000,000.00 (¥6.02 a tonne), turned into 500,000 coupons worth ¥2.00 each.");
            await Expect(headline.Locator("[data-testid=coupon-value-per-tonne]")).ToHaveTextAsync("¥916.67");
            await Expect(page.Locator("[data-testid=funnel-steps]").Filter(new() { HasText = ProjectName }))
                .ToContainTextAsync("500,000 → 1 (0.0002 %) → 0 (0 %)");
            await Expect(page.Locator("[data-testid=closed-loop-table]")).ToContainTextAsync(ProjectName);
            await GovernmentDashboardTests.AssertFitsAndAccessibleAsync(page, width);
            await SaveScreenshotAsync(page, $"closed-loop-{size}");
        }, width, height);

    /// <summary>
    /// Once for the app all browser tests share: the seeds' first cycle (166,000 t sold for ¥1,000,000, 500,000 ¥2
    /// coupons at 20 credits), funded, submitted and listed as an owner and an administrator would, and one coupon redeemed.
    /// </summary>
    private async Task SeedSeedsLoopAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_seeded) return;
            var owner = await App.CreateUserAsync("closed.loop.owner@example.com", Roles.ProjectOwner, Organization);
            var actor = new Actor(owner.Id, owner.Email!, [Roles.ProjectOwner], Organization);
            var rider = (await RegionalResidents.AddAsync(App.Services, null, 1, RegionalResidents.Yesterday(TimeProvider.System), quantity: 20)).Single();
            using var scope = App.Services.CreateScope();
            var projects = App.Service<ProjectService>(scope);
            var projectId = await projects.RegisterAsync(actor, new ProjectDraft(ProjectName, "CQCER", "Buses", new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31)));
            await projects.RecordIssuanceAsync(actor, projectId, new IssuanceDraft(166_000, 2023, "CQCER-BROWSER-LOOP", new DateOnly(2024, 3, 1)));
            // The seeds' sale: 126,000 t at ¥6.00 and 40,000 t at ¥6.10, ¥1,000,000 in all.
            await projects.RecordSaleAsync(actor, projectId, new SaleDraft(126_000, Fen.FromYuan(6m), "Chongqing carbon market", new DateOnly(2024, 4, 1)));
            await projects.RecordSaleAsync(actor, projectId, new SaleDraft(40_000, Fen.FromYuan(6.10m), "Chongqing carbon market", new DateOnly(2024, 4, 2)));
            var batches = App.Service<CouponBatchService>(scope);
            var batchId = await batches.FundAsync(actor, projectId, new BatchDraft(Fen.FromYuan(2m), 500_000, Credits.FromDecimal(20m), 30, null, null));
            await batches.SubmitAsync(actor, batchId);
            var itemId = await batches.ListAsync(Actors.MallAdmin, batchId, new ListingDraft(BilingualText.Of(null, "Closed-loop bus coupon"), BilingualText.Of(null, "The seeds' 2-yuan coupon."), null));
            await App.Service<RedemptionService>(scope).RedeemAsync(rider, itemId, "closed-loop-browser-first");
            _seeded = true;
        }
        finally
        {
            Seeding.Release();
        }
    }
}
