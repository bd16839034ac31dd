using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

/// <summary>
/// In Chromium: a mall administrator delists a batch after reading what becomes of its unsold face value, lists it
/// again, and reads both in the audit log; axe, best practices included, finds nothing above minor on the pages this
/// polish touched (the admin's batches, audit log and reports; the citizen's mall and wallet; the not-found page).
/// </summary>
public sealed class AdminPolishBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Organization = "Chongqing Public Transport Group (relist)";

    [SkippableFact]
    public async Task A_batch_is_delisted_after_a_confirmation_that_names_its_unsold_face_value_and_listed_again() =>
        await RunAsync("admin-relist", async page =>
        {
            var batchId = await ListedBatchAsync(quantity: 40);
            await App.CreateUserAsync("relist.admin@example.com", Roles.MallAdmin);
            await SignInAsync(page, "relist.admin@example.com");
            await OpenAsync(page, "/admin/batches");
            var row = page.Locator("[data-testid=batches] tr", new() { HasText = $"#{batchId} ·" });

            await row.GetByTestId("delist").ClickAsync();
            await Expect(page.GetByTestId("delist-consequence")).ToContainTextAsync("40 coupons not yet redeemed (¥80.00 of face value)");
            await SaveScreenshotAsync(page, "admin-delist-dialog");
            await page.GetByTestId("confirm-delist").ClickAsync();
            await Expect(row).ToContainTextAsync("Delisted");
            await row.GetByTestId("relist").ClickAsync();
            await Expect(row).ToContainTextAsync("On the shelf");

            await OpenAsync(page, "/admin/audit");
            await Expect(page.GetByTestId("audit")).ToContainTextAsync("item.relist");
            var relisted = page.Locator("[data-testid=audit] tr", new() { HasText = "item.relist" });
            await Expect(relisted.Locator("li")).ToHaveTextAsync("Status: Delisted → changed to On the shelf");
            await SaveScreenshotAsync(page, "admin-audit");
        }, width: 375, height: 812);

    public static TheoryData<string, string?> PagesToCheck => new()
    {
        { "/admin/batches", Roles.MallAdmin },
        { "/admin/audit", Roles.MallAdmin },
        { "/admin/reports", Roles.MallAdmin },
        { "/mall", null },
        { "/coupons", null },
        { "/no-such-page", null },
    };

    [SkippableTheory]
    [MemberData(nameof(PagesToCheck))]
    public async Task Axe_finds_nothing_above_minor(string path, string? role) =>
        await RunAsync($"axe-polish{path.Replace('/', '-')}", async page =>
        {
            var email = $"polish{path.Replace('/', '.')}@example.com".Replace("..", ".");
            await App.CreateUserAsync(email, role);
            await SignInAsync(page, email);
            if (path is "/mall" or "/coupons") for (var ride = 0; ride < 20; ride++) await App.ScanAsync(await RideCodeAsync(page), $"{email}-{ride}");
            if (path == "/coupons") await RedeemAsync(page);

            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await page.WaitForFunctionAsync("() => document.title.length > 0 && !document.querySelector('[data-testid=loading-skeleton]')");

            var results = await page.RunAxe(new AxeRunOptions
            {
                RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "best-practice"] },
            });
            var aboveMinor = results.Violations.Where(v => v.Impact is "moderate" or "serious" or "critical").ToList();
            Assert.True(aboveMinor.Count == 0, string.Join("\n", aboveMinor.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
        });

    private static async Task RedeemAsync(IPage page)
    {
        await OpenAsync(page, "/mall");
        await page.Locator("[data-testid=mall-item]", new() { HasText = BrowserApp.BusCouponTitle }).Locator("button[data-testid=redeem]").ClickAsync();
        await page.ClickAsync("[data-testid=confirm-redeem]");
        await Expect(page.GetByTestId("redeemed")).ToBeVisibleAsync();
    }

    /// <summary>A batch of ¥2 coupons of its own, through the workflow: funded, submitted and listed.</summary>
    private async Task<long> ListedBatchAsync(int quantity)
    {
        var owner = await App.CreateUserAsync("relist.owner@example.com", Roles.ProjectOwner, Organization);
        var actor = new Actor(owner.Id, owner.Email!, [Roles.ProjectOwner], Organization);
        using var scope = App.Services.CreateScope();
        var projects = App.Service<ProjectService>(scope);
        var projectId = await projects.RegisterAsync(actor, new ProjectDraft("Relist bus project", "CQCER", "Buses", new DateOnly(2021, 1, 1), new DateOnly(2030, 12, 31)));
        await projects.RecordIssuanceAsync(actor, projectId, new IssuanceDraft(1_000, 2023, "CQCER-BROWSER-RELIST", new DateOnly(2024, 3, 1)));
        await projects.RecordSaleAsync(actor, projectId, new SaleDraft(1_000, Fen.FromYuan(6m), "Chongqing carbon market", new DateOnly(2024, 4, 1)));
        var batches = App.Service<CouponBatchService>(scope);
        var batchId = await batches.FundAsync(actor, projectId, new BatchDraft(Fen.FromYuan(2m), quantity, Credits.FromDecimal(20m), 30, null, null));
        await batches.SubmitAsync(actor, batchId);
        await batches.ListAsync(Actors.MallAdmin, batchId, new ListingDraft(BilingualText.Of(null, "Relist bus coupon"), BilingualText.Of(null, "A coupon to delist and list again."), null));
        return batchId;
    }
}
