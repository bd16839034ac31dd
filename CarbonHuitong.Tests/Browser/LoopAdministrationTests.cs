using CarbonHuitong.Core.Funding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Browser;

public sealed class LoopAdministrationTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Organization = "Chongqing Public Transport Group";

    [SkippableFact]
    public async Task A_project_owner_funds_a_batch_a_mall_admin_lists_it_and_a_citizen_sees_it() =>
        await RunAsync(nameof(A_project_owner_funds_a_batch_a_mall_admin_lists_it_and_a_citizen_sees_it), async page =>
        {
            var owner = await App.CreateUserAsync("funding.owner@example.com", Roles.ProjectOwner, Organization);
            await App.CreateUserAsync("listing.admin@example.com", Roles.MallAdmin);
            long projectId;
            using (var scope = App.Services.CreateScope())
            {
                var projects = scope.ServiceProvider.GetRequiredService<ProjectService>();
                var actor = new Actor(owner.Id, owner.Email!, [Roles.ProjectOwner], Organization);
                projectId = await projects.RegisterAsync(actor, new ProjectDraft("Browser loop bus project", "CQCER", "Buses",
                    new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31)));
                await projects.RecordIssuanceAsync(actor, projectId, new IssuanceDraft(1_000, 2023, "CQCER-E2E-1", new DateOnly(2024, 3, 1)));
                await projects.RecordSaleAsync(actor, projectId, new SaleDraft(1_000, Fen.FromYuan(6m), "Market", new DateOnly(2024, 4, 1)));
            }

            await SignInAsync(page, "funding.owner@example.com");
            await OpenAsync(page, $"/admin/projects/{projectId}");
            await page.FillAsync("input[data-testid=batch-face-value]", "2");
            await page.FillAsync("input[data-testid=batch-quantity]", "1000");
            await page.FillAsync("input[data-testid=batch-price]", "20");
            await page.FillAsync("input[data-testid=batch-valid-days]", "30");
            await page.ClickAsync("[data-testid=fund-batch]");
            var submit = page.Locator("[data-testid=submit-batch]");
            await submit.ClickAsync();
            await Expect(submit).ToHaveCountAsync(0);

            await page.Context.ClearCookiesAsync();
            await SignInAsync(page, "listing.admin@example.com");
            await OpenAsync(page, "/admin/batches");
            var row = page.Locator("[data-testid=batches] tbody tr").Filter(new() { HasText = "Browser loop bus project" });
            await row.GetByRole(AriaRole.Button, new() { Name = "List" }).ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            await dialog.GetByLabel("Title (English)").FillAsync("Loop coupon from the browser");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "List on the shelf" }).ClickAsync();
            await Expect(row).ToContainTextAsync("On the shelf");

            await page.Context.ClearCookiesAsync();
            await RegisterAsync(page, "shopper@example.com");
            await OpenAsync(page, "/mall");
            await Expect(page.Locator("[data-testid=mall-item]").Filter(new() { HasText = "Loop coupon from the browser" })).ToBeVisibleAsync();
        });
}
