using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Notifications;

/// <summary><c>/api/me/notifications</c>: the caller's own, newest first and paged, worded in the language of the request that reads them.</summary>
public sealed class NotificationsApiTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<long> AccountOfAsync(string email)
    {
        using var scope = _app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        return (await scope.ServiceProvider.GetRequiredService<LedgerQueries>().FindAccountIdAsync(user!.Id))!.Value;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task The_same_notification_reads_in_chinese_and_then_in_english_with_its_figures_and_the_partners_name()
    {
        var client = await _app.BearerCitizenAsync("reader@example.com");
        var accountId = await AccountOfAsync("reader@example.com");
        var partner = await new PartnerBuilder().Coded("eleme").BuildAsync(_app.Database, TimeProvider.System);
        var at = DateTime.UtcNow;
        await _app.Database.TellAsync(Notification.Of(accountId, NotificationKind.CreditsExpiring, "credits-expiring/2025", at.AddMinutes(-2),
            creditHundredths: 2_550, day: new DateOnly(2026, 12, 31)));
        await _app.Database.TellAsync(Notification.Of(accountId, NotificationKind.PendingConfirmed, "pending-confirmed/1", at.AddMinutes(-1),
            creditHundredths: 120, subject: partner.Code));
        await _app.Database.TellAsync(Notification.Of(accountId, NotificationKind.CouponUsed, "coupon-used/ABC", at, faceValueFen: 200,
            subject: "ABC", detail: "871"));

        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        var zh = (await JsonAsync(await client.GetAsync("/api/me/notifications"))).GetProperty("items");
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var en = (await JsonAsync(await client.GetAsync("/api/me/notifications"))).GetProperty("items");

        Assert.Equal(["coupon-used", "pending-confirmed", "credits-expiring"], en.EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(
            ["您的 ¥2.00 券已在 871 线路乘车时使用。", $"来自测试伙伴 eleme的 1.20 待确认积分已确认，现在可以使用。", "您有 25.50 积分将于 2026年12月31日 过期，请尽快使用。"],
            zh.EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.Equal(
            ["Your ¥2.00 coupon was used for a ride on line 871.", "1.20 pending credits from Test partner eleme are confirmed and ready to spend.",
                "25.50 credits expire on 2026-12-31: spend them before then."],
            en.EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        var expiring = en[2];
        Assert.Equal((25.50m, "2026-12-31", false), (expiring.GetProperty("credits").GetDecimal(), expiring.GetProperty("day").GetString(),
            expiring.GetProperty("read").GetBoolean()));
        Assert.Equal(200, en[0].GetProperty("faceValueFen").GetInt64());
    }

    [Fact]
    public async Task Pages_come_newest_first_with_the_unread_count_and_marking_read_counts_down()
    {
        var client = await _app.BearerCitizenAsync("pager@example.com");
        var accountId = await AccountOfAsync("pager@example.com");
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
            ids.Add(await _app.Database.TellAsync(Notification.Of(accountId, NotificationKind.AccountUnfrozen, $"unfrozen/{i}", DateTime.UtcNow.AddMinutes(i - 10))));

        var second = await JsonAsync(await client.GetAsync("/api/me/notifications?page=2&pageSize=2"));
        var afterOne = await JsonAsync(await client.PostAsync($"/api/me/notifications/{ids[4]}/read", null));
        var afterAll = await JsonAsync(await client.PostAsync("/api/me/notifications/read-all", null));
        var first = await JsonAsync(await client.GetAsync("/api/me/notifications?pageSize=2"));

        Assert.Equal((5, 5, 2, 2, 3), (second.GetProperty("totalCount").GetInt32(), second.GetProperty("unreadCount").GetInt32(),
            second.GetProperty("page").GetInt32(), second.GetProperty("pageSize").GetInt32(), second.GetProperty("pageCount").GetInt32()));
        Assert.Equal([ids[2], ids[1]], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
        Assert.Equal(4, afterOne.GetProperty("unreadCount").GetInt32());
        Assert.Equal(0, afterAll.GetProperty("unreadCount").GetInt32());
        Assert.Equal(0, first.GetProperty("unreadCount").GetInt32());
        Assert.All(first.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("read").GetBoolean()));
    }

    [Fact]
    public async Task Anonymous_calls_are_401_another_citizens_notification_is_404_and_a_bad_page_is_400()
    {
        var owner = await _app.BearerCitizenAsync("owner@example.com");
        var theirs = await _app.Database.TellAsync(Notification.Of(await AccountOfAsync("owner@example.com"), NotificationKind.AccountUnfrozen,
            "unfrozen/1", DateTime.UtcNow));
        var intruder = await _app.BearerCitizenAsync("intruder@example.com");
        var anonymous = _app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/me/notifications/{theirs}/read", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/me/notifications/read-all", null)).StatusCode);
        var notFound = await intruder.PostAsync($"/api/me/notifications/{theirs}/read", null);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(ErrorCodes.NotFound, (await notFound.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, (await JsonAsync(await intruder.GetAsync("/api/me/notifications"))).GetProperty("totalCount").GetInt32());
        await JsonAsync(await intruder.PostAsync("/api/me/notifications/read-all", null));
        var badPage = await owner.GetAsync("/api/me/notifications?pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Equal(ErrorCodes.BadPage, (await badPage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(1, (await JsonAsync(await owner.GetAsync("/api/me/notifications"))).GetProperty("unreadCount").GetInt32());
    }
}
