using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Privacy;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Privacy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Web;

/// <summary>PIPL through the running app: the citizen downloads their data from "Me" and closes the account there or by API.</summary>
public sealed class PrivacyApiTests : IAsyncLifetime
{
    private const string Password = "Green-Trip-2026";
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_bearer_client_downloads_its_own_data_as_a_json_attachment_and_sees_nothing_of_another_citizen()
    {
        var client = await _app.BearerCitizenAsync("chen.jie@example.com", busRides: 30);
        await _app.BearerCitizenAsync("liu.yang@example.com", busRides: 30);
        var item = await new MallBuilder().BuildAsync(_app.Database, TimeProvider.System);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "r-1" })).StatusCode);

        var response = await client.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^carbonhuitong-my-data-\d{4}-\d{2}-\d{2}\.json$", response.Content.Headers.ContentDisposition?.FileNameStar
            ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        using var export = JsonDocument.Parse(body);
        var root = export.RootElement;
        Assert.Equal("chen.jie@example.com", root.GetProperty("profile").GetProperty("email").GetString());
        // Thirty rides earned, then one spend.
        Assert.Equal([.. Enumerable.Repeat("earn", 30), "spend"], root.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Single(root.GetProperty("coupons").EnumerateArray());
        Assert.Empty(root.GetProperty("rides").EnumerateArray());
        Assert.Empty(root.GetProperty("consents").EnumerateArray());
        Assert.DoesNotContain("liu.yang", body);
    }

    [Fact]
    public async Task A_signed_in_browser_finds_the_download_on_the_me_page_and_gets_its_data_by_cookie()
    {
        var browser = await _app.SignedInBrowserAsync("zhou.min@example.com");

        var page = await browser.GetStringAsync("/Account/Manage");
        var export = await browser.GetAsync("/api/me/export");

        Assert.Contains("href=\"api/me/export\"", page);
        Assert.Contains("Download my data", page);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var json = JsonDocument.Parse(await export.Content.ReadAsStringAsync());
        Assert.Equal("zhou.min@example.com", json.RootElement.GetProperty("profile").GetProperty("email").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task The_export_and_the_closure_answer_401_without_a_sign_in(string? token)
    {
        var client = _app.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var export = await client.GetAsync("/api/me/export");
        var close = await client.PostAsJsonAsync("/api/me/close", new { password = Password });

        Assert.Equal(HttpStatusCode.Unauthorized, export.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, close.StatusCode);
    }

    [Fact]
    public async Task A_citizen_closes_by_api_with_the_password_and_cannot_sign_in_redeem_or_come_back()
    {
        var client = await _app.BearerCitizenAsync("sun.li@example.com", busRides: 30);
        var item = await new MallBuilder().BuildAsync(_app.Database, TimeProvider.System);
        await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "r-1" });

        var wrong = await client.PostAsJsonAsync("/api/me/close", new { password = "not-it-at-all" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("wrong_password", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var closed = await client.PostAsJsonAsync("/api/me/close", new { password = Password });

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var answer = await closed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith(AccountClosureService.PseudonymPrefix, answer.GetProperty("pseudonym").GetString());
        // 33.00 earned, 20.00 spent on the coupon and given back by its void: 33.00 forfeited.
        Assert.Equal((1, 33.00m), (answer.GetProperty("couponsVoided").GetInt32(), answer.GetProperty("forfeited").GetDecimal()));
        var login = await _app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "sun.li@example.com", password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        var form = await CarbonHuitongApp.PostSignInFormAsync(_app.CreateBrowser(), "sun.li@example.com", Password);
        Assert.NotEqual(HttpStatusCode.Redirect, form.StatusCode);
        // The old token ends at its security-stamp check; until then the ledger refuses the closed account.
        var redeem = await client.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "r-2" });
        Assert.Contains(redeem.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        if (redeem.StatusCode == HttpStatusCode.Forbidden)
            Assert.Equal("account_closed", (await redeem.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        await using var db = _app.Database.CreateContext();
        Assert.Equal(1, await db.Coupons.CountAsync());
        Assert.False(await db.Users.AnyAsync(u => u.Email == "sun.li@example.com" || u.UserName == "sun.li@example.com"));
    }

    [Fact]
    public async Task A_citizen_closes_on_the_me_page_after_confirming_and_is_signed_out()
    {
        var browser = await _app.SignedInBrowserAsync("wu.hao@example.com");
        var page = await browser.GetStringAsync("/Account/Manage");
        Assert.Contains("Closing your account cannot be undone.", page);

        var unconfirmed = await PostCloseFormAsync(browser, page, understood: false);
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Confirm that you understand this cannot be undone.", await unconfirmed.Content.ReadAsStringAsync());

        var confirmed = await PostCloseFormAsync(browser, await browser.GetStringAsync("/Account/Manage"), understood: true);

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me/export")).StatusCode);
        var again = await CarbonHuitongApp.PostSignInFormAsync(_app.CreateBrowser(), "wu.hao@example.com", Password);
        Assert.NotEqual(HttpStatusCode.Redirect, again.StatusCode);
        await using var db = _app.Database.CreateContext();
        Assert.Equal(1, await db.CarbonAccounts.CountAsync(a => a.ClosedAt != null));
    }

    [Fact]
    public void A_log_retention_below_six_months_stops_the_start_with_what_to_fix()
    {
        using var app = _app.WithWebHostBuilder(b => b.UseSetting("Retention:LogPersonalDataDays", "30"));

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Retention:LogPersonalDataDays must be at least 180 days", failure.ToString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100000")]
    public void A_claim_window_out_of_range_stops_the_start_instead_of_failing_every_scan(string days)
    {
        using var app = _app.WithWebHostBuilder(b => b.UseSetting("Earning:ClaimWindowDays", days));

        var failure = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Earning:ClaimWindowDays must be 1 to 3650 days", failure.ToString());
    }

    [Fact]
    public async Task The_app_runs_the_retention_clean_up_as_a_hosted_service_with_the_shipped_periods()
    {
        _app.CreateClient();
        var worker = Assert.Single(_app.Services.GetServices<IHostedService>().OfType<RetentionWorker>());

        var report = await worker.RunOnceAsync(CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal([RetentionService.Rides, RetentionService.Coupons, RetentionService.AuditEmails, new PartnerEventRetention().Name],
            report.Erased.Select(e => e.Data));
        var periods = _app.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal((90, 90, 180, 24), (periods.VehicleDataDays, periods.PartnerEventDays, periods.LogPersonalDataDays, periods.RunEveryHours));
    }

    private static Task<HttpResponseMessage> PostCloseFormAsync(HttpClient browser, string page, bool understood)
    {
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "close-account",
            ["Input.Password"] = Password,
        };
        if (understood) fields["Input.Understood"] = "true";
        return browser.PostAsync("/Account/Manage", new FormUrlEncodedContent(fields));
    }
}
