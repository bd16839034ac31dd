using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

public sealed class ScanApiTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();
    private string _terminalKey = "";

    public async Task InitializeAsync()
    {
        _app.CreateClient().Dispose();
        using var scope = _app.Services.CreateScope();
        _terminalKey = await scope.ServiceProvider.GetRequiredService<TerminalService>().RegisterAsync(Actors.MallAdmin, "CQ-TEST-01", "871", "Test validator");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Ten_scans_through_the_terminal_api_credit_exactly_11_credits()
    {
        var citizen = await SignedInCitizenAsync("ten.rides@example.com");

        for (var ride = 1; ride <= 10; ride++)
        {
            var answer = await ScanAsync(await RideCodeAsync(citizen), $"ten-{ride}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var account = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        Assert.Equal(11.00m, account.GetProperty("balance").GetDecimal());
        Assert.Equal(1200m, account.GetProperty("gramsReduced").GetDecimal());
        Assert.Equal(10, account.GetProperty("greenTrips").GetInt32());
    }

    [Fact]
    public async Task A_redeemed_coupon_pays_the_next_200_fen_fare_and_shows_as_used()
    {
        var citizen = await SignedInCitizenAsync("coupon.rider@example.com", busRides: 20);
        var item = await new MallBuilder().BuildAsync(_app.Database, TimeProvider.System);
        var redeemed = await (await citizen.PostAsJsonAsync("/api/me/redemptions", new { itemId = item.Id, requestId = "r" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var response = await ScanAsync(await RideCodeAsync(citizen), "with-coupon", fareFen: 200);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scan = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(scan.GetProperty("accepted").GetBoolean());
        Assert.Equal(1.10m, scan.GetProperty("creditsEarned").GetDecimal());
        Assert.True(scan.GetProperty("couponApplied").GetBoolean());
        Assert.Equal(redeemed.GetProperty("couponId").GetInt64(), scan.GetProperty("couponId").GetInt64());
        Assert.Equal(200, scan.GetProperty("faceValueFen").GetInt64());
        Assert.Equal(0, scan.GetProperty("amountDueFen").GetInt64());
        Assert.Equal(3.10m, scan.GetProperty("balance").GetDecimal());
        var coupon = (await citizen.GetFromJsonAsync<JsonElement>("/api/me/coupons")).EnumerateArray().Single();
        Assert.Equal("used", coupon.GetProperty("status").GetString());
        Assert.Equal("871", coupon.GetProperty("lineId").GetString());
        Assert.NotEqual(JsonValueKind.Null, coupon.GetProperty("usedAt").ValueKind);
    }

    [Fact]
    public async Task The_qr_image_on_the_ride_code_page_decodes_to_a_code_the_scan_api_accepts()
    {
        var browser = _app.CreateBrowser();
        await _app.RegisterAsync(browser, "qr.rider@example.com");
        await CarbonHuitongApp.SignInWithFormAsync(browser, "qr.rider@example.com");

        var page = await browser.GetStringAsync("/ride-code");
        var match = Regex.Match(page, "<img src=\"(data:image/png;base64,[^\"]+)\"[^>]*data-testid=\"ride-code-qr\"");
        Assert.True(match.Success, "The ride code page has no QR image:\n" + page);
        var image = match.Groups[1].Value;
        var token = RideCodeImage.Decode(WebUtility.HtmlDecode(image));

        Assert.StartsWith("CH1.", token);
        var response = await ScanAsync(token, "from-the-page");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1.10m, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creditsEarned").GetDecimal());
    }

    [Fact]
    public async Task A_validator_checks_a_ride_code_offline_with_the_published_public_key()
    {
        var citizen = await SignedInCitizenAsync("offline@example.com");
        var token = await RideCodeAsync(citizen);
        var keys = await _app.CreateClient().GetFromJsonAsync<JsonElement>("/api/terminal/ride-code-keys");

        var parts = token.Split('.');
        var keyId = JsonDocument.Parse(Base64UrlDecode(parts[1])).RootElement.GetProperty("k").GetString();
        var key = keys.EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == keyId);
        Assert.Equal("ES256", key.GetProperty("algorithm").GetString());
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key.GetProperty("publicKey").GetString()!), out _);

        Assert.True(ecdsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlDecode(parts[2]),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task Each_call_for_a_ride_code_gives_a_fresh_code_that_expires_within_a_minute()
    {
        var citizen = await SignedInCitizenAsync("fresh@example.com");

        var first = await citizen.GetFromJsonAsync<JsonElement>("/api/me/ride-code");
        var second = await citizen.GetFromJsonAsync<JsonElement>("/api/me/ride-code");

        Assert.NotEqual(first.GetProperty("token").GetString(), second.GetProperty("token").GetString());
        var expiresAt = first.GetProperty("expiresAt").GetDateTime();
        Assert.InRange(expiresAt - DateTime.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/me/ride-code")).StatusCode);
    }

    [Fact]
    public async Task A_retry_with_the_same_scan_id_answers_the_same_and_a_replay_is_refused()
    {
        var citizen = await SignedInCitizenAsync("retry@example.com");
        var token = await RideCodeAsync(citizen);

        var first = await (await ScanAsync(token, "scan-1")).Content.ReadAsStringAsync();
        var retry = await ScanAsync(token, "scan-1");
        var replay = await ScanAsync(token, "scan-2");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(first, await retry.Content.ReadAsStringAsync());
        await AssertProblemAsync(replay, HttpStatusCode.Conflict, "replayed_code");
        Assert.Equal(1.10m, (await citizen.GetFromJsonAsync<JsonElement>("/api/me/account")).GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Refusals_are_problem_details_with_stable_codes_and_write_nothing()
    {
        var citizen = await SignedInCitizenAsync("refusals@example.com");
        var token = await RideCodeAsync(citizen);
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        await AssertProblemAsync(await ScanAsync(token, "s-unknown", terminalKey: "not-a-terminal-key"), HttpStatusCode.Unauthorized, "unknown_terminal");
        await AssertProblemAsync(await ScanAsync(token, "s-no-key", terminalKey: null), HttpStatusCode.Unauthorized, "unknown_terminal");
        await AssertProblemAsync(await ScanAsync(tampered, "s-tampered"), HttpStatusCode.BadRequest, "invalid_code");
        await AssertProblemAsync(await ScanAsync("hello", "s-garbage"), HttpStatusCode.BadRequest, "invalid_code");
        await AssertProblemAsync(await ScanAsync(token, "s-bad-fare", fareFen: -1), HttpStatusCode.BadRequest, "bad_request");
        await AssertProblemAsync(await ScanAsync(token, ""), HttpStatusCode.BadRequest, "bad_request");
        await AssertProblemAsync(await PostScanJsonAsync($$"""{"scanId":"s-no-time","rideCode":"{{token}}","lineId":"871","vehicleId":"B-1","fareFen":200}"""),
            HttpStatusCode.BadRequest, "bad_request");
        // Before the first instant a DateTime holds, once the offset is taken off.
        await AssertProblemAsync(await PostScanJsonAsync($$"""{"scanId":"s-before-time","rideCode":"{{token}}","lineId":"871","vehicleId":"B-1","fareFen":200,"scannedAt":"0001-01-01T00:00:00+08:00"}"""),
            HttpStatusCode.BadRequest, "bad_request");
        var notJson = await TerminalClient(_terminalKey).PostAsync("/api/terminal/scans", new StringContent("{", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(notJson, HttpStatusCode.BadRequest, "bad_request");

        var account = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        Assert.Equal(0m, account.GetProperty("balance").GetDecimal());
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(token, "s-finally")).StatusCode);
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    public async Task A_back_dated_scan_is_refused_as_too_old_and_credits_nothing(string scannedAt)
    {
        var citizen = await SignedInCitizenAsync($"back-dated-{scannedAt[..4]}-{scannedAt.Length}@example.com");
        var token = await RideCodeAsync(citizen);

        await AssertProblemAsync(await ScanAsync(token, "s-old", scannedAt: scannedAt), HttpStatusCode.BadRequest, "too_old");

        Assert.Equal(0m, (await citizen.GetFromJsonAsync<JsonElement>("/api/me/account")).GetProperty("balance").GetDecimal());
        var late = await ScanAsync(token, "s-six-days-late", scannedAt: DateTime.UtcNow.AddDays(-6));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
    }

    private Task<HttpResponseMessage> PostScanJsonAsync(string json) =>
        TerminalClient(_terminalKey).PostAsync("/api/terminal/scans", new StringContent(json, Encoding.UTF8, "application/json"));

    private HttpClient TerminalClient(string? key)
    {
        var client = _app.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Terminal-Key", key);
        return client;
    }

    private Task<HttpResponseMessage> ScanAsync(string rideCode, string scanId, long fareFen = 200, string? terminalKey = "default",
        object? scannedAt = null) =>
        TerminalClient(terminalKey == "default" ? _terminalKey : terminalKey).PostAsJsonAsync("/api/terminal/scans",
            new { scanId, rideCode, lineId = "871", vehicleId = "B-1024", fareFen, scannedAt = scannedAt ?? DateTime.UtcNow });

    private static async Task<string> RideCodeAsync(HttpClient citizen) =>
        (await citizen.GetFromJsonAsync<JsonElement>("/api/me/ride-code")).GetProperty("token").GetString()!;

    private Task<HttpClient> SignedInCitizenAsync(string email, int busRides = 0) => _app.BearerCitizenAsync(email, busRides);

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
