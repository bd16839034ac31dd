using CarbonHuitong.Core.Claims;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

/// <summary>The citizen's claims page on a phone, in Chinese, with a claim approved, one rejected and one being checked.</summary>
public sealed class ClaimsBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    [SkippableFact]
    public async Task On_a_phone_the_claims_page_shows_each_claims_outcome_and_reason_without_horizontal_scrolling_or_serious_accessibility_violations() =>
        await RunAsync("phone-claims", async page =>
        {
            const string email = "phone.claims@example.com";
            var user = await App.CreateUserAsync(email);
            using (var scope = App.Services.CreateScope())
            {
                var accountId = (await App.Service<LedgerQueries>(scope).FindAccountIdAsync(user.Id))!.Value;
                var claims = App.Service<ClaimService>(scope);
                var now = DateTime.UtcNow;
                var approved = await claims.FileAsync(accountId, new ClaimDraft(ClaimKind.MissingRide, now.AddDays(-3), "871 路 解放碑站", "上车时刷码机黑屏", Methodology.BusRide), "p-1");
                var rejected = await claims.FileAsync(accountId, new ClaimDraft(ClaimKind.MissingRide, now.AddDays(-2), "108 路 观音桥站", "刷码没有反应"), "p-2");
                await claims.FileAsync(accountId, new ClaimDraft(ClaimKind.MissingEvent, now.AddHours(-5), "共享单车", "骑行 3 公里未记录", Methodology.SharedBicycle), "p-3");
                await claims.ApproveAsync(Actors.MallAdmin, approved.Claim.Id, Credits.FromDecimal(1.10m), "已在公交刷卡记录中核实");
                await claims.RejectAsync(Actors.MallAdmin, rejected.Claim.Id, "该时段 108 路没有这趟车");
            }
            await SignInAsync(page, email);

            await OpenAsync(page, "/claims");
            await Expect(page.Locator("h1")).ToHaveTextAsync("补登与申诉");
            await Expect(page.Locator("[data-testid=claim-status]")).ToHaveCountAsync(3);
            await Expect(page.Locator("[data-testid=my-claims]")).ToContainTextAsync("已批准：已发放 1.10 积分。");
            await Expect(page.Locator("[data-testid=my-claims]")).ToContainTextAsync("该时段 108 路没有这趟车");

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"/claims scrolls sideways by {overflow}px at 375 px wide");
            await SaveScreenshotAsync(page, "phone-claims");
            var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
        }, width: 375, height: 812, locale: "zh-CN");
}
