using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Web;

/// <summary>The wallet's tabs through <c>GET /api/me/coupons?status=</c>, and a coupon's page, for its owner only, through the real app.</summary>
public sealed class WalletHttpTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_coupons_endpoint_answers_one_tab_with_status_and_refuses_an_unknown_one()
    {
        var client = await _app.BearerCitizenAsync("tabs@example.com", busRides: 40);
        var expired = await RedeemDaysAgoAsync("tabs@example.com", daysAgo: 3, validDays: 1);
        var item = await new MallBuilder().BuildAsync(_app.Database, TimeProvider.System);
        var unused = await (await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "unused" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal([unused.GetProperty("couponId").GetInt64()], await IdsAsync(client, "?status=unused"));
        Assert.Equal([expired], await IdsAsync(client, "?status=expired"));
        Assert.Empty(await IdsAsync(client, "?status=used"));
        Assert.Equal(2, (await IdsAsync(client, "")).Length);
        var refused = await client.GetAsync("/api/me/coupons?status=voided");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("bad_request", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_coupons_page_shows_its_code_to_its_owner_and_not_found_to_another_citizen()
    {
        var owner = await _app.SignedInBrowserAsync("owner@example.com");
        await LedgerSeeding.EarnBusRidesAsync(_app, "owner@example.com", 20);
        var nosy = await _app.SignedInBrowserAsync("nosy@example.com");
        var couponId = await RedeemDaysAgoAsync("owner@example.com", daysAgo: 0, validDays: 30);
        await using var db = _app.Database.CreateContext();
        var code = await db.Coupons.Where(c => c.Id == couponId).Select(c => c.Code).SingleAsync();

        var mine = await owner.GetStringAsync($"/coupons/{couponId}");
        var theirs = await nosy.GetAsync($"/coupons/{couponId}");

        // The code shows in groups of four, each its own element.
        Assert.Contains($">{code[..4]}<", mine);
        Assert.Contains("data-testid=\"coupon-detail\"", mine);
        Assert.Equal(HttpStatusCode.OK, theirs.StatusCode);
        var page = await theirs.Content.ReadAsStringAsync();
        Assert.Contains("There is no such coupon in your wallet.", page);
        Assert.DoesNotContain($">{code[..4]}<", page);
        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", await _app.CreateBrowser().GetAsync($"/coupons/{couponId}"));
    }

    /// <summary>A coupon the citizen redeemed <paramref name="daysAgo"/> days ago, through the redemption service on that day's clock.</summary>
    private async Task<long> RedeemDaysAgoAsync(string email, int daysAgo, int validDays)
    {
        var then = new TestClock(DateTimeOffset.UtcNow.AddDays(-daysAgo));
        await using var db = _app.Database.CreateContext();
        var accountId = await (from u in db.Users where u.Email == email join a in db.CarbonAccounts on u.Id equals a.UserId select a.Id).SingleAsync();
        var item = await new MallBuilder().ValidForDays(validDays).BuildAsync(db, then);
        return (await CoreServices.Redemptions(db, then).RedeemAsync(accountId, item.Id, $"days-ago-{daysAgo}")).Coupon.Id;
    }

    private static async Task<long[]> IdsAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/me/coupons{query}")).EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToArray();
}
