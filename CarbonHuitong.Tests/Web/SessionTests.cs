using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Web;

/// <summary>Each refresh token works once, and a password change, a lock or a role change ends the user's other sessions.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private const string Password = "Green-Trip-2026";

    // Checked at every request here, so a test sees a session end without waiting out the shipped 30 seconds.
    private readonly CarbonHuitongApp _app = new() { Settings = { ["Sessions:RevalidateSeconds"] = "0" } };

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_refresh_token_works_once_and_its_second_use_ends_every_session_of_the_account()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "refresh@example.com");
        var signIn = await SignInAsync("refresh@example.com");

        var first = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = signIn.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var rotated = await TokensOf(first);
        Assert.NotEqual(signIn.RefreshToken, rotated.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await AccountAsync(rotated.AccessToken)).StatusCode);

        var second = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = signIn.RefreshToken });

        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal("refresh_token_reused", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountAsync(rotated.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = rotated.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountAsync((await SignInAsync("refresh@example.com")).AccessToken)).StatusCode);
    }

    [Fact]
    public async Task Two_uses_of_one_refresh_token_at_once_rotate_it_once()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "racing-refresh@example.com");
        var signIn = await SignInAsync("racing-refresh@example.com");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            _app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = signIn.RefreshToken }))));

        // Exactly one use is the first; the other seven are reuses, and each reuse ends every session of the account,
        // so the first may itself be refused if a reuse ended the sessions before Identity checked its stamp.
        var codes = await Task.WhenAll(answers.Select(async a => a.StatusCode == HttpStatusCode.OK ? "ok"
            : (await a.Content.ReadAsStringAsync()).Contains("refresh_token_reused", StringComparison.Ordinal) ? "reused" : a.StatusCode.ToString()));
        Assert.Equal(7, codes.Count(c => c == "reused"));
        Assert.Single(codes, c => c is "ok" or nameof(HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await _app.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = signIn.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task A_password_change_ends_the_other_bearer_tokens_refresh_tokens_and_cookie_sessions()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "changer@example.com");
        var phone = await SignInAsync("changer@example.com");
        var laptop = await SignInAsync("changer@example.com");
        var browser = _app.CreateBrowser();
        await CarbonHuitongApp.SignInWithFormAsync(browser, "changer@example.com");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me/account")).StatusCode);

        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/auth/manage/info")
        {
            Content = JsonContent.Create(new { oldPassword = Password, newPassword = "Greener-Trip-2027" }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", laptop.AccessToken) },
        };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(change)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountAsync(phone.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = phone.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me/account")).StatusCode);
        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", await browser.GetAsync("/ledger"));
    }

    [Fact]
    public async Task A_lock_or_a_role_change_by_an_administrator_ends_the_users_sessions()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "locked@example.com");
        await _app.RegisterAsync(client, "promoted@example.com");
        var locked = await SignInAsync("locked@example.com");
        var promoted = await SignInAsync("promoted@example.com");

        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = scope.ServiceProvider.GetRequiredService<UserAdminService>();
            var mallAdmin = new Actor("session-test-admin", "admin@example.com", [Roles.MallAdmin], null);
            await admin.LockAsync(mallAdmin, (await users.FindByEmailAsync("locked@example.com"))!.Id);
            await admin.SetRolesAsync(mallAdmin, (await users.FindByEmailAsync("promoted@example.com"))!.Id, [Roles.Citizen, Roles.MallAdmin], null);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountAsync(locked.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await AccountAsync(promoted.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountAsync((await SignInAsync("promoted@example.com")).AccessToken)).StatusCode);
    }

    [Fact]
    public void The_shipped_setting_trusts_a_sign_in_for_at_most_30_seconds()
    {
        using var shipped = new CarbonHuitongApp();
        Assert.Equal(TimeSpan.FromSeconds(30), shipped.Services.GetRequiredService<IOptions<SessionOptions>>().Value.RevalidateInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), shipped.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
    }

    private sealed record Tokens(string AccessToken, string RefreshToken);

    private async Task<Tokens> SignInAsync(string email)
    {
        var login = await _app.CreateClient().PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return await TokensOf(login);
    }

    private static async Task<Tokens> TokensOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Tokens(body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    private Task<HttpResponseMessage> AccountAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/me/account") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        return _app.CreateClient().SendAsync(request);
    }
}
