using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

public sealed class WalletTabsTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Email = "wallet.tabs@example.com";

    [SkippableFact]
    public async Task On_a_phone_the_wallet_switches_between_unused_used_and_expired_and_opens_a_coupons_page() =>
        await RunAsync("wallet-tabs", async page =>
        {
            await App.CreateUserAsync(Email);
            await SignInAsync(page, Email);
            for (var ride = 0; ride < 3; ride++) await App.ScanAsync(await RideCodeAsync(page), $"wallet-tabs-{ride}");
            var coupons = await WalletOfThreeAsync();
            // The next ride takes the coupon expiring soonest: the two-day one.
            await App.ScanAsync(await RideCodeAsync(page), "wallet-tabs-coupon-ride");

            await OpenAsync(page, "/coupons");
            var tabs = page.GetByRole(AriaRole.Tab);
            await Expect(tabs).ToHaveTextAsync(["Unused (1)", "Used (1)", "Expired (1)"]);
            await Expect(page.Locator("[data-testid=coupon]")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid=coupon][data-status=Unused]")).ToContainTextAsync("Thirty-day coupon");
            await AssertFitsAsync(page);
            await SaveScreenshotAsync(page, "wallet-tab-unused");

            await tabs.Nth(1).ClickAsync();
            await Expect(page.Locator("[data-testid=coupon][data-status=Used]")).ToContainTextAsync("on line 871");
            await Expect(page.Locator("[data-testid=coupon]")).ToHaveCountAsync(1);
            await page.WaitForURLAsync("**/coupons?tab=used");
            await SettledScreenshotAsync(page, "wallet-tab-used");

            await tabs.Nth(2).ClickAsync();
            await Expect(page.Locator("[data-testid=coupon][data-status=Expired]")).ToContainTextAsync("One-day coupon");
            await Expect(page.Locator("[data-testid=coupon]")).ToHaveCountAsync(1);
            await SettledScreenshotAsync(page, "wallet-tab-expired");

            await page.Locator("[data-testid=coupon-link]").ClickAsync();
            await page.WaitForURLAsync($"**/coupons/{coupons.Expired}");
            await Expect(page.Locator("h1")).ToHaveTextAsync("One-day coupon");
            await Expect(page.Locator("[data-testid=coupon-status]")).ToHaveTextAsync("Expired");
            await Expect(page.Locator("[data-testid=coupon-detail]")).ToContainTextAsync("The credits it cost are not given back.");
            await Expect(page.Locator("[data-testid=coupon-project]")).ToContainTextAsync("Chongqing new-energy bus fleet");
            await AssertFitsAsync(page);
            await SaveScreenshotAsync(page, "coupon-page-expired");

            await page.Locator("[data-testid=back-to-wallet]").ClickAsync();
            await page.WaitForURLAsync("**/coupons?tab=expired");
            await Expect(page.GetByRole(AriaRole.Tab, new() { Selected = true })).ToHaveTextAsync("Expired (1)");

            await OpenAsync(page, $"/coupons/{coupons.Used}");
            await Expect(page.Locator("[data-testid=coupon-code]")).ToHaveTextAsync(coupons.UsedCode);
            await Expect(page.Locator("[data-testid=coupon-used-line]")).ToHaveTextAsync("871");
            await Expect(page.Locator("[data-testid=coupon-used-vehicle]")).ToHaveTextAsync("B-2026");
            await AssertFitsAsync(page);
            await SaveScreenshotAsync(page, "coupon-page-used");
            var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));

            await OpenAsync(page, "/coupons");
            await page.ClickAsync("nav.culture-switch a[lang=zh-CN]");
            await page.WaitForURLAsync("**/coupons");
            await Expect(page.GetByRole(AriaRole.Tab)).ToHaveTextAsync(["未使用（1）", "已使用（1）", "已过期（1）"]);
            await SaveScreenshotAsync(page, "wallet-tab-unused-zh-CN");
        }, width: 375, height: 812);

    private sealed record Coupons(long Expired, long Used, string UsedCode);

    /// <summary>
    /// One-credit coupons, redeemed through the redemption service: a one-day coupon three days ago (expired now), and a
    /// two-day and a thirty-day one today.
    /// </summary>
    private async Task<Coupons> WalletOfThreeAsync()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CarbonDbContext>();
        var accountId = await (from u in db.Users where u.Email == Email join a in db.CarbonAccounts on u.Id equals a.UserId select a.Id).SingleAsync();
        var threeDaysAgo = new TestClock(DateTimeOffset.UtcNow.AddDays(-3));
        var oneDay = await new MallBuilder().Titled("One-day coupon").Priced(1m).ValidForDays(1).BuildAsync(db, threeDaysAgo);
        var expired = await CoreServices.Redemptions(db, threeDaysAgo).RedeemAsync(accountId, oneDay.Id, "one-day");
        var twoDay = await new MallBuilder().Titled("Two-day coupon").Priced(1m).ValidForDays(2).BuildAsync(db, TimeProvider.System);
        var used = await CoreServices.Redemptions(db, TimeProvider.System).RedeemAsync(accountId, twoDay.Id, "two-day");
        var thirtyDay = await new MallBuilder().Titled("Thirty-day coupon").Priced(1m).ValidForDays(30).BuildAsync(db, TimeProvider.System);
        await CoreServices.Redemptions(db, TimeProvider.System).RedeemAsync(accountId, thirtyDay.Id, "thirty-day");
        return new Coupons(expired.Coupon.Id, used.Coupon.Id, used.Coupon.Code);
    }

    // The tab's slider slides under the new tab: the picture waits for it to arrive.
    private static async Task SettledScreenshotAsync(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(600);
        await SaveScreenshotAsync(page, name);
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px at 375 px wide");
    }
}
