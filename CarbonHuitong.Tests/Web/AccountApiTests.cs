using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using CarbonHuitong.Core;

namespace CarbonHuitong.Tests.Web;

public sealed class AccountApiTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_citizen_registers_logs_in_with_a_bearer_token_and_reads_an_empty_account()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "new.citizen@example.com");

        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "new.citizen@example.com", password = "Green-Trip-2026" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/me/account");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        using var account = JsonDocument.Parse(json);
        Assert.Equal(0m, account.RootElement.GetProperty("balance").GetDecimal());
        Assert.Equal(0m, account.RootElement.GetProperty("creditsEarned").GetDecimal());
        Assert.Equal(0m, account.RootElement.GetProperty("creditsSpent").GetDecimal());
        Assert.Equal(0m, account.RootElement.GetProperty("gramsReduced").GetDecimal());
        Assert.Equal(0, account.RootElement.GetProperty("greenTrips").GetInt32());
    }

    [Fact]
    public async Task A_registered_user_is_a_citizen_with_one_carbon_account()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "role.check@example.com");

        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync("role.check@example.com");
        Assert.NotNull(user);
        Assert.Equal([Roles.Citizen], await users.GetRolesAsync(user));
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<LedgerQueries>().FindAccountIdAsync(user.Id));
    }

    [Fact]
    public async Task The_account_shows_what_the_ledger_recorded()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "rider@example.com");
        await EarnBusRidesAsync("rider@example.com", 3);
        var token = await LoginForTokenAsync(client, "rider@example.com");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var account = JsonDocument.Parse(await client.GetStringAsync("/api/me/account"));

        Assert.Equal(3.30m, account.RootElement.GetProperty("balance").GetDecimal());
        Assert.Equal(360m, account.RootElement.GetProperty("gramsReduced").GetDecimal());
        Assert.Equal(3, account.RootElement.GetProperty("greenTrips").GetInt32());
    }

    [Fact]
    public async Task The_account_api_answers_401_problem_details_not_a_redirect_when_signed_out()
    {
        var client = _app.CreateBrowser();

        var response = await client.GetAsync("/api/me/account");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unauthorized", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_forged_bearer_token_is_refused()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-real-token");

        var response = await client.GetAsync("/api/me/account");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_problem_details_and_creates_no_user()
    {
        var client = _app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "weak@example.com", password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_request", problem.RootElement.GetProperty("code").GetString());
        Assert.True(problem.RootElement.TryGetProperty("errors", out _));
        using var scope = _app.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("weak@example.com"));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var client = _app.CreateClient();

        var response = await client.PostAsync("/api/auth/register", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bad_request", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_for_five_minutes()
    {
        var client = _app.CreateClient();
        await _app.RegisterAsync(client, "forgetful@example.com");

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = "forgetful@example.com", password = "Wrong-Password-1" });
        }
        var withRightPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = "forgetful@example.com", password = "Green-Trip-2026" });

        // The failed-sign-in limit answers first (see RateLimitTests); Identity's own lockout holds behind it.
        Assert.Equal(HttpStatusCode.TooManyRequests, withRightPassword.StatusCode);
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync("forgetful@example.com"))!;
        Assert.True(await users.IsLockedOutAsync(user));
        var lockedFor = user.LockoutEnd!.Value - DateTimeOffset.UtcNow;
        Assert.InRange(lockedFor, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    private async Task<string> LoginForTokenAsync(HttpClient client, string email)
    {
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Green-Trip-2026" });
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    internal async Task EarnBusRidesAsync(string email, int rides) => await LedgerSeeding.EarnBusRidesAsync(_app, email, rides);
}

internal static class LedgerSeeding
{
    public static async Task EarnBusRidesAsync(CarbonHuitongApp app, string email, int rides)
    {
        using var scope = app.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
        var accountId = (await scope.ServiceProvider.GetRequiredService<LedgerQueries>().FindAccountIdAsync(user!.Id))!.Value;
        var earning = scope.ServiceProvider.GetRequiredService<EarningService>();
        for (var ride = 0; ride < rides; ride++)
        {
            await earning.RecordAsync(EarnRequests.Of(accountId, Methodology.BusRide, 1, DateTime.UtcNow.AddMinutes(-ride - 1)));
        }
    }
}
