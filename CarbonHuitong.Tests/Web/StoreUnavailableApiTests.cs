using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using ApplicationUser = CarbonHuitong.Core.Identity.ApplicationUser;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// The database file is locked by another process for longer than the busy timeout (here 1 s): the API answers
/// 503 <c>unavailable</c> with Retry-After, never a 500, writes nothing, and the same request succeeds, once, after.
/// </summary>
public sealed class StoreUnavailableApiTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _database = new();
    private WebApplicationFactory<Program> _app = null!;
    private string _terminalKey = "";

    public async Task InitializeAsync()
    {
        _app = _database.WithWebHostBuilder(web => web.UseSetting(WebSetup.BusyTimeoutSetting, "1"));
        using var scope = _app.Services.CreateScope();
        _terminalKey = await scope.ServiceProvider.GetRequiredService<TerminalService>().RegisterAsync(Actors.MallAdmin, "CQ-LOCK-01", "871", "Test validator");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private TestDatabase Database => _database.Database;

    [Fact]
    public async Task A_scan_while_the_file_is_locked_answers_503_unavailable_writes_nothing_and_goes_through_once_released()
    {
        var citizen = await SignedInCitizenAsync("locked.rider@example.com");
        var rideCode = await RideCodeAsync(citizen);
        var before = await DatabaseSnapshot.TakeAsync(Database);

        await using (await DatabaseLock.TakeWriteLockAsync(Database))
        {
            await AssertUnavailableAsync(await ScanAsync(rideCode, "scan-while-locked"));
        }

        Assert.Equal(before.Tables, (await DatabaseSnapshot.TakeAsync(Database)).Tables);
        var first = await ScanAsync(rideCode, "scan-while-locked");
        var retry = await ScanAsync(rideCode, "scan-while-locked");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var account = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        Assert.Equal(1.10m, account.GetProperty("balance").GetDecimal());
        Assert.Equal(1, account.GetProperty("greenTrips").GetInt32());
        await TransitInvariants.AssertHoldAsync(Database);
    }

    [Fact]
    public async Task A_redemption_while_the_file_is_locked_answers_503_unavailable_spends_nothing_and_goes_through_once_released()
    {
        var citizen = await SignedInCitizenAsync("locked.redeemer@example.com", credits: 50m);
        var item = await new MallBuilder().BuildAsync(Database, TimeProvider.System);
        var before = await DatabaseSnapshot.TakeAsync(Database);

        await using (await DatabaseLock.TakeWriteLockAsync(Database))
        {
            await AssertUnavailableAsync(await citizen.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "tap-1" }));
        }

        Assert.Equal(before.Tables, (await DatabaseSnapshot.TakeAsync(Database)).Tables);
        var first = await citizen.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "tap-1" });
        var retry = await citizen.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "tap-1" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var coupon = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(coupon.GetProperty("couponId").GetInt64(), (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("couponId").GetInt64());
        Assert.Equal(30.00m, coupon.GetProperty("balance").GetDecimal());
        Assert.Single((await citizen.GetFromJsonAsync<JsonElement>("/api/me/coupons")).EnumerateArray());
        await MallInvariants.AssertHoldAsync(Database);
    }

    [Fact]
    public async Task A_read_while_the_whole_file_is_held_answers_503_in_the_callers_language_and_recovers()
    {
        var citizen = await SignedInCitizenAsync("locked.reader@example.com", credits: 5m);

        await using (await DatabaseLock.TakeWholeFileAsync(Database))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/account");
            request.Headers.AcceptLanguage.ParseAdd("zh-CN");
            var problem = await AssertUnavailableAsync(await citizen.SendAsync(request));
            Assert.Equal("服务暂时不可用。", problem.GetProperty("title").GetString());
            Assert.Contains("稍后重试", problem.GetProperty("detail").GetString());
        }

        var account = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        Assert.Equal(5.00m, account.GetProperty("balance").GetDecimal());
    }

    private static async Task<JsonElement> AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", problem.GetProperty("code").GetString());
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private Task<HttpResponseMessage> ScanAsync(string rideCode, string scanId)
    {
        var validator = _app.CreateClient();
        validator.DefaultRequestHeaders.Add("X-Terminal-Key", _terminalKey);
        return validator.PostAsJsonAsync("/api/terminal/scans",
            new { scanId, rideCode, lineId = "871", vehicleId = "B-1024", fareFen = 200, scannedAt = DateTime.UtcNow });
    }

    private static async Task<string> RideCodeAsync(HttpClient citizen) =>
        (await citizen.GetFromJsonAsync<JsonElement>("/api/me/ride-code")).GetProperty("token").GetString()!;

    /// <summary>Registers and signs in through the API; opening credits go in through the ledger, as an adjustment.</summary>
    private async Task<HttpClient> SignedInCitizenAsync(string email, decimal credits = 0m)
    {
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { email, password = "Green-Trip-2026" })).StatusCode);
        if (credits > 0)
        {
            using var scope = _app.Services.CreateScope();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
            var accountId = (await scope.ServiceProvider.GetRequiredService<LedgerQueries>().FindAccountIdAsync(user!.Id))!.Value;
            await scope.ServiceProvider.GetRequiredService<AdjustmentService>()
                .AdjustAsync(Actors.MallAdmin, accountId, Credits.FromDecimal(credits), "Opening balance for a test");
        }
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Green-Trip-2026" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
