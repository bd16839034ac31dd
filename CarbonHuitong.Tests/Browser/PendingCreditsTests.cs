using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

/// <summary>
/// On a phone, the ledger page says what is pending and what expires at the end of the year, and its history reads
/// a pending takeaway order and one the partner reversed; in English and in Chinese.
/// </summary>
public sealed class PendingCreditsTests(Chromium chromium) : BrowserTest(chromium)
{
    private const int PhoneWidth = 375, PhoneHeight = 812;

    public static TheoryData<string, string, string, string> Languages => new()
    {
        { "en-US", "0.42 credits pending", "3.30 credits expire on {0}-12-31", "Reversed by Noodle Express: Takeaway without utensils · 1 order" },
        { "zh-CN", "待确认 0.42 积分", "3.30 积分将于 {0}年12月31日 过期", "已撤销（面面外卖）：外卖不要餐具 · 1 单" },
    };

    [SkippableTheory]
    [MemberData(nameof(Languages))]
    public async Task On_a_phone_the_ledger_shows_pending_and_expiring_credits_and_a_reversed_order(string locale, string pending, string expiring,
        string reversed) =>
        await RunAsync($"phone-ledger-pending-{locale}", async page =>
        {
            var email = $"pending.{locale}@example.com";
            await RegisterAsync(page, email);
            await GiveALifeOfCreditsAsync(email, $"noodles-{locale.ToLowerInvariant()}");
            var thisYear = PlatformTime.ChinaToday(TimeProvider.System).Year;

            await OpenAsync(page, "/ledger");

            await Expect(page.Locator("[data-testid=pending-credits]")).ToHaveTextAsync(pending);
            await Expect(page.Locator("[data-testid=expiring-credits]")).ToHaveTextAsync(string.Format(expiring, thisYear));
            await Expect(page.Locator("[data-testid=balance]")).ToHaveTextAsync("3.30");
            await AssertFitsAndSaveAsync(page, $"phone-ledger-pending-{locale}");
            var reversal = page.Locator("[data-testid=ledger-entry]", new PageLocatorOptions { HasText = reversed });
            await Expect(reversal).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid=pending-state]")).ToHaveCountAsync(2);
            await reversal.ScrollIntoViewIfNeededAsync();
            await AssertFitsAndSaveAsync(page, $"phone-ledger-pending-history-{locale}");
            // The history's own box does not scroll sideways either, which would hide the figures at the rows' right edge.
            var tableOverflow = await page.EvaluateAsync<int>(
                "() => { const box = document.querySelector('[data-testid=ledger-history]'); return box.scrollWidth - box.clientWidth; }");
            Assert.True(tableOverflow <= 0, $"the history scrolls sideways by {tableOverflow}px at {PhoneWidth} px wide");
        }, PhoneWidth, PhoneHeight, locale);

    /// <summary>
    /// Three bus rides last November, from the operator's history; and two takeaway orders the partner sends as
    /// pending, one of which it then reverses (the order was cancelled).
    /// </summary>
    private async Task GiveALifeOfCreditsAsync(string email, string partnerCode)
    {
        using var scope = App.Services.CreateScope();
        var user = await App.Service<UserManager<ApplicationUser>>(scope).FindByEmailAsync(email);
        var accountId = (await App.Service<LedgerQueries>(scope).FindAccountIdAsync(user!.Id))!.Value;
        var lastYear = PlatformTime.ChinaToday(TimeProvider.System).Year - 1;
        await App.Service<EarningService>(scope).ImportHistoryAsync([.. Enumerable.Range(3, 3).Select(day =>
            new EarnRequest(accountId, Methodology.BusRide, 1, "history", $"{email}/{day}", ChinaTime.Utc(lastYear, 11, day, 8)))]);

        await App.Service<PartnerService>(scope).RegisterAsync(Actors.MallAdmin,
            new PartnerDraft(partnerCode, "面面外卖", "Noodle Express", [Methodology.TakeawayWithoutUtensils]));
        var partner = new PartnerIdentity(partnerCode, new HashSet<string> { Methodology.TakeawayWithoutUtensils });
        var links = App.Service<PartnerLinks>(scope);
        await links.RedeemAsync(partner, (await links.IssueCodeAsync(accountId, partnerCode)).LinkCode, "u-1");
        var now = DateTime.UtcNow;
        var sent = await App.Service<PartnerFeed>(scope).IngestAsync(partner, [
            new PartnerEventInput("order-1", "u-1", Methodology.TakeawayWithoutUtensils, 1, now.AddHours(-2), Pending: true),
            new PartnerEventInput("order-2", "u-1", Methodology.TakeawayWithoutUtensils, 1, now.AddHours(-1), Pending: true)]);
        Assert.All(sent, s => Assert.True(s.Pending, s.ToString()));
        await App.Service<PartnerSettlements>(scope).ReverseAsync(partner, ["order-1"]);
    }

    private static async Task AssertFitsAndSaveAsync(IPage page, string name)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await SaveScreenshotAsync(page, name);
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px at {PhoneWidth} px wide");
    }
}
