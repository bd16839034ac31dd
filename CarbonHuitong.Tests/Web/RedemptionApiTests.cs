using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Web;

public sealed class RedemptionApiTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_citizen_redeems_a_bus_coupon_through_the_api_and_finds_it_in_the_wallet()
    {
        var client = await SignedInCitizenAsync("redeemer@example.com", busRides: 20);
        var item = await new MallBuilder().BuildAsync(_app.Database, TimeProvider.System);

        var shelf = await client.GetFromJsonAsync<JsonElement>("/api/mall/items");
        var listed = shelf.EnumerateArray().Single();
        Assert.Equal(item.Id, listed.GetProperty("id").GetInt64());
        Assert.Equal(20m, listed.GetProperty("priceCredits").GetDecimal());
        Assert.Equal(200, listed.GetProperty("faceValueFen").GetInt64());
        Assert.Equal(100, listed.GetProperty("stockLeft").GetInt32());
        Assert.Equal(30, listed.GetProperty("validDays").GetInt32());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("validUntil").ValueKind);

        var response = await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "tap-1" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var redeemed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, redeemed.GetProperty("faceValueFen").GetInt64());
        Assert.Equal(2.00m, redeemed.GetProperty("balance").GetDecimal());
        Assert.Equal(16, redeemed.GetProperty("code").GetString()!.Length);
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/me/coupons/{redeemed.GetProperty("couponId").GetInt64()}");

        var wallet = await client.GetFromJsonAsync<JsonElement>("/api/me/coupons");
        var coupon = wallet.EnumerateArray().Single();
        Assert.Equal(redeemed.GetProperty("couponId").GetInt64(), coupon.GetProperty("id").GetInt64());
        Assert.Equal("unused", coupon.GetProperty("status").GetString());
        Assert.Equal(redeemed.GetProperty("code").GetString(), coupon.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, coupon.GetProperty("usedAt").ValueKind);
        Assert.Equal(20.00m, (await client.GetFromJsonAsync<JsonElement>("/api/me/account")).GetProperty("creditsSpent").GetDecimal());
    }

    [Fact]
    public async Task A_retried_redemption_answers_with_the_same_coupon_and_spends_once()
    {
        var client = await SignedInCitizenAsync("double.tap@example.com", busRides: 40);
        var item = await new MallBuilder().BuildAsync(_app.Database, TimeProvider.System);

        var first = await (await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "same" })).Content.ReadFromJsonAsync<JsonElement>();
        var retry = await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "same" });

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var second = await retry.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("couponId").GetInt64(), second.GetProperty("couponId").GetInt64());
        Assert.Equal(24.00m, second.GetProperty("balance").GetDecimal());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/me/coupons")).EnumerateArray());
    }

    [Theory]
    [InlineData(5, 20, "insufficient_credits", HttpStatusCode.Conflict)]
    [InlineData(40, 0, "sold_out", HttpStatusCode.Conflict)]
    public async Task A_refused_redemption_is_a_problem_with_its_code(int busRides, int stock, string code, HttpStatusCode status)
    {
        var client = await SignedInCitizenAsync($"refused.{code}@example.com", busRides);
        var item = await new MallBuilder().WithStock(stock).BuildAsync(_app.Database, TimeProvider.System);

        var response = await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "r-1" });

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/me/coupons")).EnumerateArray());
    }

    [Fact]
    public async Task Redeeming_an_unknown_item_or_without_a_request_id_is_refused_clearly()
    {
        var client = await SignedInCitizenAsync("careless@example.com", busRides: 40);

        var unknown = await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = 999_999, requestId = "x" });
        var missingId = await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = 1 });
        var notJson = await client.PostAsync("/api/me/redemptions", new StringContent("itemId=1", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("item_unavailable", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missingId.StatusCode);
        Assert.Equal("bad_request", (await missingId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    [Fact]
    public async Task Another_citizen_can_neither_see_nor_reach_someone_elses_coupon()
    {
        var alice = await SignedInCitizenAsync("alice@example.com", busRides: 20);
        var bob = await SignedInCitizenAsync("bob@example.com", busRides: 20);
        var item = await new MallBuilder().BuildAsync(_app.Database, TimeProvider.System);
        var alicesCoupon = await (await alice.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "shared-id" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var couponId = alicesCoupon.GetProperty("couponId").GetInt64();

        Assert.Empty((await bob.GetFromJsonAsync<JsonElement>("/api/me/coupons")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/me/coupons/{couponId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/me/coupons/{couponId}")).StatusCode);

        // Bob reusing Alice's request id gets his own redemption, never her coupon.
        var bobs = await (await bob.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "shared-id" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(couponId, bobs.GetProperty("couponId").GetInt64());
        Assert.Single((await alice.GetFromJsonAsync<JsonElement>("/api/me/coupons")).EnumerateArray());
    }

    [Fact]
    public async Task Redeeming_and_the_wallet_need_a_signed_in_caller()
    {
        var anonymous = _app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/me/redemptions", new { itemId = 1, requestId = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/me/coupons")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/mall/items")).StatusCode);
    }

    private Task<HttpClient> SignedInCitizenAsync(string email, int busRides) => _app.BearerCitizenAsync(email, busRides);
}
