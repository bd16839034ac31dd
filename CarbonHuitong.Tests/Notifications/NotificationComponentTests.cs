using Bunit;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Web;
using CarbonHuitong.Web.Components.Layout;
using CarbonHuitong.Web.Components.Pages.Notifications;
using CarbonHuitong.Web.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Notifications;

/// <summary>The bell in the app bar and the list page, rendered against a real SQLite file.</summary>
public sealed class NotificationComponentTests : PageTestContext
{
    // The bell's signal, as the app registers it, before the base renders anything.
    public NotificationComponentTests() => Services.AddScoped<UnreadNotifications>();

    private async Task<List<long>> TellAsync(Citizen citizen, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await Database.TellAsync(Notification.Of(citizen.AccountId, NotificationKind.CouponExpiring, $"coupon-expiring/C{i}", Clock.UtcNow,
                faceValueFen: 200 + i, day: new DateOnly(2026, 3, 20), subject: $"C{i}")));
            Clock.Advance(TimeSpan.FromMinutes(1));
        }
        return ids;
    }

    [Fact]
    public async Task The_bell_shows_the_unread_count_and_clears_when_the_page_marks_all_read()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await TellAsync(citizen, 3);
        SignIn(citizen);

        var bell = Render<NotificationBell>();
        bell.WaitForAssertion(() => Assert.Equal("3", bell.Find(".mud-badge").TextContent.Trim()));
        Assert.Equal("Notifications, 3 unread", bell.Find("[data-testid=notification-bell]").GetAttribute("aria-label"));
        Assert.Equal("notifications", bell.Find("a[data-testid=notification-bell]").GetAttribute("href"));

        var page = Render<NotificationsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=notification]").Count));
        await page.Find("[data-testid=mark-all-read]").ClickAsync(new());

        bell.WaitForAssertion(() => Assert.Empty(bell.FindAll(".mud-badge")));
        Assert.Equal("Notifications, 0 unread", bell.Find("[data-testid=notification-bell]").GetAttribute("aria-label"));
        page.WaitForAssertion(() => Assert.All(page.FindAll("[data-testid=notification]"), n => Assert.Equal("true", n.GetAttribute("data-read"))));
        Assert.Empty(page.FindAll("[data-testid=mark-all-read]"));
    }

    [Fact]
    public async Task The_page_lists_newest_first_marks_the_unread_and_reads_one_with_its_button()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var ids = await TellAsync(citizen, 3);
        await using (var db = Database.CreateContext())
            await new NotificationCenter(db, Clock).MarkReadAsync(citizen.AccountId, ids[0]);
        SignIn(citizen);

        var page = Render<NotificationsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=notification]").Count));

        var items = page.FindAll("[data-testid=notification]");
        Assert.Equal(["false", "false", "true"], items.Select(i => i.GetAttribute("data-read")));
        Assert.Contains("Your ¥2.02 coupon expires on 2026-03-20: use it before then.", items[0].TextContent);
        Assert.Contains("Unread", items[0].TextContent);
        Assert.Contains("2026-03-18 10:02", items[0].TextContent);
        Assert.Equal("coupons", items[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(items[2].QuerySelectorAll("[data-testid=mark-read]"));

        await items[0].QuerySelector("[data-testid=mark-read]")!.ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["true", "false", "true"],
            page.FindAll("[data-testid=notification]").Select(i => i.GetAttribute("data-read"))));
    }

    [Fact]
    public async Task A_citizen_with_nothing_to_be_told_sees_an_empty_list_and_an_administrator_has_no_bell()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        SignIn(citizen);
        var page = Render<NotificationsPage>();
        page.WaitForAssertion(() => Assert.Contains("No notifications yet.", page.Find("[data-testid=no-notifications]").TextContent));
        Assert.Empty(Render<NotificationBell>().FindAll(".mud-badge"));

        SignIn(Actors.MallAdmin);
        Assert.Empty(Render<NotificationBell>().FindAll("[data-testid=notification-bell]"));
    }
}
