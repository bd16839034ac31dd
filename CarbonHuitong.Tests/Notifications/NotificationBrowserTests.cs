using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Browser;
using Microsoft.Extensions.DependencyInjection;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Notifications;

/// <summary>The bell and the list on a phone: the count in the app bar, the list fitting 375 px, and "mark all read" clearing the bell.</summary>
public sealed class NotificationBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private async Task TellAsync(string email)
    {
        var user = await App.CreateUserAsync(email);
        using var scope = App.Services.CreateScope();
        var accountId = (await App.Service<LedgerQueries>(scope).FindAccountIdAsync(user.Id))!.Value;
        var db = App.Service<CarbonDbContext>(scope);
        var now = DateTime.UtcNow;
        db.Notifications.AddRange(
            Notification.Of(accountId, NotificationKind.PartnerLinked, "partner-linked/1/20260318020000", now.AddHours(-30), subject: "eleme"),
            Notification.Of(accountId, NotificationKind.PendingConfirmed, "pending-confirmed/1", now.AddHours(-26), creditHundredths: 1_250, subject: "eleme"),
            Notification.Of(accountId, NotificationKind.CouponUsed, "coupon-used/7KQ2M9XW4TRB8HNC", now.AddHours(-5), faceValueFen: 200,
                subject: "7KQ2M9XW4TRB8HNC", detail: "871"),
            Notification.Of(accountId, NotificationKind.CouponExpiring, "coupon-expiring/Q4N8V2K7ZC3M9PXT", now.AddHours(-2), faceValueFen: 500,
                day: DateOnly.FromDateTime(now.AddDays(2)), subject: "Q4N8V2K7ZC3M9PXT"),
            Notification.Of(accountId, NotificationKind.CreditsExpiring, "credits-expiring/2025", now.AddMinutes(-10), creditHundredths: 3_640,
                day: new DateOnly(2026, 12, 31)));
        await db.SaveChangesAsync();
        using var read = App.Services.CreateScope();
        await App.Service<NotificationCenter>(read).MarkReadAsync(accountId, db.Notifications.Local.First().Id);
    }

    [SkippableTheory]
    [InlineData("zh-CN", "消息")]
    [InlineData("en-US", "Notifications")]
    public async Task On_a_phone_the_bell_counts_unread_the_list_fits_and_mark_all_read_clears_the_bell(string locale, string heading) =>
        await RunAsync($"notifications-phone-{locale}", async page =>
        {
            var email = $"bell.{locale}@example.com";
            await TellAsync(email);
            await SignInAsync(page, email);
            await OpenAsync(page, "/ledger");
            var bell = page.Locator("a[data-testid=notification-bell]");
            await Expect(page.Locator(".notification-bell .mud-badge")).ToHaveTextAsync("4");
            await SaveScreenshotAsync(page, $"notifications-bell-{locale}");

            await bell.ClickAsync();
            await page.WaitForURLAsync("**/notifications");
            await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
            await Expect(page.Locator("[data-testid=notification]")).ToHaveCountAsync(5);
            await Expect(page.Locator("[data-testid=notification][data-read=false]")).ToHaveCountAsync(4);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"/notifications scrolls sideways by {overflow}px at 375 px wide");
            await SaveScreenshotAsync(page, $"notifications-list-{locale}");
            var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));

            await page.ClickAsync("[data-testid=mark-all-read]");
            await Expect(page.Locator("[data-testid=notification][data-read=false]")).ToHaveCountAsync(0);
            await Expect(page.Locator(".notification-bell .mud-badge")).ToHaveCountAsync(0);
            await SaveScreenshotAsync(page, $"notifications-read-{locale}");
        }, width: 375, height: 812, locale: locale);
}
