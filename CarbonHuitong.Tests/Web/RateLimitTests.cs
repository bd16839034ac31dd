using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// Every limit with the shipped defaults: each refusal is a 429 problem with code <c>rate_limited</c> and
/// <c>Retry-After</c>, and a failed sign-in never tells whether the account exists.
/// TestServer gives no client address, so every client of one app counts as the same address.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const string Password = "Green-Trip-2026";
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_shipped_limits_are_the_documented_numbers_in_code_in_appsettings_and_in_the_tests()
    {
        string[] documented =
        [
            "SignInPerAddress 20/60s", "FailedSignInsPerAccount 5/300s", "ScansPerTerminal 20/1s",
            "FailedTerminalAuthsPerAddress 10/60s", "PartnerCallsPerPartner 50/1s", "CitizenCallsPerUser 120/60s",
        ];
        var inCode = new RateLimitOptions();
        var running = _app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var root = _app.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        var shipped = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "appsettings.json")))![RateLimitOptions.Section]!;

        Assert.Equal(documented, inCode.All.Select(l => $"{l.Name} {l.Limit}"));
        Assert.Equal(documented, running.All.Select(l => $"{l.Name} {l.Limit}"));
        Assert.Equal(documented, inCode.All.Select(l => $"{l.Name} {shipped[l.Name]!["PermitLimit"]}/{shipped[l.Name]!["WindowSeconds"]}s"));
        Assert.Equal(5, inCode.LockoutMinutes);
        Assert.Equal(5, (int)shipped["LockoutMinutes"]!);
        Assert.Equal(TimeSpan.FromMinutes(5), _app.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.DefaultLockoutTimeSpan);
    }

    [Fact]
    public async Task Twenty_sign_in_and_password_requests_a_minute_from_one_address_then_the_api_and_the_form_answer_429()
    {
        var client = _app.CreateBrowser();
        for (var call = 0; call < 20; call++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/forgotPassword", new { email = $"someone{call}@example.com" })).StatusCode);

        await AssertRateLimitedAsync(await client.PostAsJsonAsync("/api/auth/login", new { email = "late@example.com", password = Password }), 60);
        await AssertRateLimitedAsync(await client.PostAsJsonAsync("/api/auth/register", new { email = "late@example.com", password = Password }), 60);
        await AssertRateLimitedAsync(await client.PostAsJsonAsync("/api/auth/resetPassword", new { email = "late@example.com", resetCode = "x", newPassword = Password }), 60);
        await AssertRateLimitedAsync(await CarbonHuitongApp.PostSignInFormAsync(client, "late@example.com", Password), 60);
        using var inChinese = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email = "late@example.com", password = Password }) };
        inChinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var chinese = await (await client.SendAsync(inChinese)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate_limited", chinese.GetProperty("code").GetString());
        Assert.Equal("短时间内请求过多。请按 Retry-After 所示的时间等待后再试。", chinese.GetProperty("detail").GetString());
        // Reading pages is not counted.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Five_failed_sign_ins_for_an_email_stop_the_sixth_even_with_the_right_password_but_not_another_email()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "target@example.com");
        await _app.RegisterAsync(client, "bystander@example.com");

        for (var attempt = 0; attempt < 5; attempt++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, "target@example.com", "Wrong-Password-1")).StatusCode);
        // Charged to the account name as Identity normalizes it, so case and spaces do not make a new one.
        await AssertRateLimitedAsync(await LoginAsync(client, " Target@Example.COM", Password), 300);

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(client, "bystander@example.com", Password)).StatusCode);
    }

    [Fact]
    public async Task A_burst_of_wrong_passwords_for_one_email_at_once_gets_five_tries_not_one_per_request_in_flight()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "burst@example.com");

        var answers = await Task.WhenAll(Enumerable.Range(0, 19).Select(n => LoginAsync(client, "burst@example.com", $"Wrong-Password-{n}")));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        Assert.Equal(14, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task The_api_and_the_form_share_the_failed_sign_ins_of_an_email_and_the_form_answers_429_with_a_message()
    {
        var browser = _app.CreateBrowser();
        await _app.RegisterAsync(browser, "shared@example.com");
        for (var attempt = 0; attempt < 3; attempt++) await LoginAsync(browser, "shared@example.com", "Wrong-Password-1");
        for (var attempt = 0; attempt < 2; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await CarbonHuitongApp.PostSignInFormAsync(browser, "shared@example.com", "Wrong-Password-1")).StatusCode);

        var form = await CarbonHuitongApp.PostSignInFormAsync(browser, "shared@example.com", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.InRange(form.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(300));
        Assert.Contains("Too many failed sign-ins for this email. Try again in 5 minutes.", await form.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/ledger")).StatusCode);
        await AssertRateLimitedAsync(await LoginAsync(browser, "shared@example.com", Password), 300);
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_email_and_a_locked_account_get_the_same_answer_from_the_api()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "known@example.com");
        await LockAsync(await _app.RegisterAsync(client, "locked@example.com"));

        var answers = new[]
        {
            await LoginAsync(client, "known@example.com", "Wrong-Password-1"),
            await LoginAsync(client, "nobody@example.com", Password),
            await LoginAsync(client, "locked@example.com", Password),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var bodies = await Task.WhenAll(answers.Select(async a =>
        {
            var problem = JsonNode.Parse(await a.Content.ReadAsStringAsync())!.AsObject();
            problem.Remove("traceId");
            return problem.ToJsonString();
        }));
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Equal(bodies[0], bodies[2]);
        Assert.DoesNotContain("ocked", bodies[2]);
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_email_and_a_locked_account_get_the_same_answer_from_the_sign_in_form()
    {
        var browser = _app.CreateBrowser();
        await _app.RegisterAsync(browser, "known@example.com");
        await LockAsync(await _app.RegisterAsync(browser, "locked@example.com"));

        var answers = new[]
        {
            await CarbonHuitongApp.PostSignInFormAsync(browser, "known@example.com", "Wrong-Password-1"),
            await CarbonHuitongApp.PostSignInFormAsync(browser, "nobody@example.com", Password),
            await CarbonHuitongApp.PostSignInFormAsync(browser, "locked@example.com", Password),
        };

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var alerts = await Task.WhenAll(answers.Select(async a => Alert(await a.Content.ReadAsStringAsync())));
        Assert.Equal("Error: The email or password is not right.", alerts[0]);
        Assert.Equal(alerts[0], alerts[1]);
        Assert.Equal(alerts[0], alerts[2]);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/Account/Lockout")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_email_and_a_locked_account_cost_one_password_hash_like_a_wrong_password()
    {
        var hasher = new CountingHasher();
        await using var app = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<ApplicationUser>>(hasher)));
        var client = app.CreateClient();
        await _app.RegisterAsync(client, "known@example.com");
        await LockAsync(await _app.RegisterAsync(client, "locked@example.com"), app.Services);

        var hashes = new List<int>();
        foreach (var (email, password) in new[] { ("known@example.com", "Wrong-Password-1"), ("nobody@example.com", Password), ("locked@example.com", Password) })
        {
            var before = hasher.Verifications;
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, email, password)).StatusCode);
            hashes.Add(hasher.Verifications - before);
        }

        Assert.Equal([1, 1, 1], hashes);
    }

    [Fact]
    public async Task Scans_past_twenty_a_second_for_one_terminal_key_answer_429_and_another_key_is_not_held_up()
    {
        var busy = await RegisterTerminalAsync("CQ-BUSY-01");
        var other = await RegisterTerminalAsync("CQ-OTHER-01");
        var client = _app.CreateClient();

        // Not a real ride code: each scan is answered quickly, and every one counts against its key.
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(n => ScanAsync(client, busy, $"burst-{n}")));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers.Except(refused), a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        await AssertRateLimitedAsync(refused[0], 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await ScanAsync(client, other, "other-1")).StatusCode);
    }

    [Fact]
    public async Task Ten_guessed_terminal_keys_from_one_address_stop_the_next_scan_even_with_the_right_key()
    {
        var rightKey = await RegisterTerminalAsync("CQ-RIGHT-01");
        var client = _app.CreateClient();

        for (var guess = 0; guess < 10; guess++)
        {
            var answer = await ScanAsync(client, $"guessed-key-{guess}", $"guess-{guess}");
            Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
            Assert.Equal("unknown_terminal", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        await AssertRateLimitedAsync(await ScanAsync(client, "guessed-key-10", "guess-10"), 60);
        // Answering a right key while guesses wait would tell the guesser which key was right.
        await AssertRateLimitedAsync(await ScanAsync(client, rightKey, "right-1"), 60);
    }

    [Fact]
    public async Task A_citizen_gets_120_api_calls_a_minute_then_429_and_another_citizen_is_not_held_up()
    {
        var busy = await _app.BearerCitizenAsync("busy@example.com");
        var other = await _app.BearerCitizenAsync("other@example.com");

        for (var batch = 0; batch < 12; batch++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => busy.GetAsync("/api/me/account")));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        }

        await AssertRateLimitedAsync(await busy.GetAsync("/api/me/coupons"), 60);
        await AssertRateLimitedAsync(await busy.GetAsync("/api/me/export"), 60);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/me/account")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_to_close_an_account_stop_the_sixth_even_with_the_right_one_and_count_as_failed_sign_ins()
    {
        var stolen = await _app.BearerCitizenAsync("stolen-token@example.com");

        for (var guess = 0; guess < 5; guess++)
        {
            var wrong = await stolen.PostAsJsonAsync("/api/me/close", new { password = $"Guess-{guess}-2026" });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        await AssertRateLimitedAsync(await stolen.PostAsJsonAsync("/api/me/close", new { password = Password }), 300);
        await AssertRateLimitedAsync(await LoginAsync(_app.CreateClient(), "stolen-token@example.com", Password), 300);
        await using var db = _app.Database.CreateContext();
        Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.CarbonAccounts, a => a.ClosedAt != null));
    }

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response, int windowSeconds)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("rate_limited", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Too many requests", problem.RootElement.GetProperty("detail").GetString());
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(windowSeconds));
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password });

    private async Task LockAsync(string email, IServiceProvider? services = null)
    {
        using var scope = (services ?? _app.Services).CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        Assert.True(await users.IsLockedOutAsync(user));
    }

    private static string Alert(string page) => WebUtility.HtmlDecode(Regex.Replace(
        Regex.Match(page, "class=\"mud-alert-message\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value, "<[^>]+>", "").Trim());

    private async Task<string> RegisterTerminalAsync(string id)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TerminalService>().RegisterAsync(Actors.MallAdmin, id, "871", id);
    }

    private static async Task<HttpResponseMessage> ScanAsync(HttpClient client, string terminalKey, string scanId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/terminal/scans")
        {
            Content = JsonContent.Create(new { scanId, rideCode = "not-a-ride-code", lineId = "871", vehicleId = "B-1", fareFen = 200, scannedAt = DateTime.UtcNow }),
        };
        request.Headers.Add("X-Terminal-Key", terminalKey);
        return await client.SendAsync(request);
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _real = new();
        private int _verifications;

        public int Verifications => _verifications;

        public string HashPassword(ApplicationUser user, string password) => _real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
