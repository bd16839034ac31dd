using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

/// <summary>Claims through the running app: the citizen's endpoints and pages, and the administrators' pages, for each kind of visitor.</summary>
public sealed class ClaimsApiTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Ride(string requestId, DateTimeOffset? at = null, string kind = "missing_ride") => new
    {
        kind, occurredAt = at ?? DateTimeOffset.UtcNow.AddDays(-1).ToOffset(TimeSpan.FromHours(8)), place = "Line 108, Jiefangbei", note = "The validator was dark",
        behaviour = "bus_ride", requestId,
    };

    [Fact]
    public async Task A_citizen_files_a_claim_retries_it_and_reads_only_their_own_claims()
    {
        var client = await _app.BearerCitizenAsync("claimant@example.com");
        var other = await _app.BearerCitizenAsync("neighbour@example.com");

        var filed = await client.PostAsJsonAsync("/api/me/claims", Ride("c-1"));
        var retry = await client.PostAsJsonAsync("/api/me/claims", Ride("c-1"));

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var claim = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var id = claim.GetProperty("id").GetInt64();
        Assert.Equal($"/api/me/claims/{id}", filed.Headers.Location!.ToString());
        Assert.Equal(("missing_ride", "open", "bus_ride"), (claim.GetProperty("kind").GetString(), claim.GetProperty("status").GetString(), claim.GetProperty("behaviour").GetString()));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        var mine = await client.GetFromJsonAsync<JsonElement>("/api/me/claims");
        Assert.Equal(1, mine.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/me/claims/{id}")).StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/me/claims")).GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/me/claims/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_decided_claim_reads_with_its_reason_and_the_credits_granted()
    {
        var client = await _app.BearerCitizenAsync("decided@example.com");
        var id = (await (await client.PostAsJsonAsync("/api/me/claims", Ride("c-1"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ClaimService>().ApproveAsync(Actors.MallAdmin, id, Credits.FromDecimal(1.10m), "Found in the bus log");

        var claim = await client.GetFromJsonAsync<JsonElement>($"/api/me/claims/{id}");

        Assert.Equal(("approved", "Found in the bus log", 1.10m),
            (claim.GetProperty("status").GetString(), claim.GetProperty("decisionReason").GetString(), claim.GetProperty("creditsGranted").GetDecimal()));
        Assert.Equal(1.10m, (await client.GetFromJsonAsync<JsonElement>("/api/me/account")).GetProperty("balance").GetDecimal());
    }

    [Theory]
    [InlineData("teleport", 1, "bad_request")]
    [InlineData("missing_ride", 8, "claim_window_closed")]
    [InlineData("missing_ride", -1, "bad_request")]
    public async Task A_bad_kind_an_old_act_or_a_future_one_is_refused_with_its_code(string kind, int daysAgo, string code)
    {
        var client = await _app.BearerCitizenAsync($"refused.{kind}.{daysAgo}@example.com");

        var response = await client.PostAsJsonAsync("/api/me/claims", Ride("r", DateTimeOffset.UtcNow.AddDays(-daysAgo), kind));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_frozen_citizen_is_refused_with_403_account_frozen()
    {
        var client = await _app.BearerCitizenAsync("frozen@example.com");
        using (var scope = _app.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("frozen@example.com");
            var accountId = (await scope.ServiceProvider.GetRequiredService<LedgerQueries>().FindAccountIdAsync(user!.Id))!.Value;
            await scope.ServiceProvider.GetRequiredService<AccountFreezes>().FreezeAsync(Actors.MallAdmin, accountId, "Two cities at once");
        }

        var response = await client.PostAsJsonAsync("/api/me/claims", Ride("f"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ErrorCodes.AccountFrozen, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Anonymous_callers_get_401_problems_and_an_administrator_reads_their_own_empty_list()
    {
        var anonymous = _app.CreateClient();
        var admin = await _app.SignedInBrowserAsync("claims.admin@example.com", Roles.MallAdmin);

        var post = await anonymous.PostAsJsonAsync("/api/me/claims", Ride("a"));
        var list = await anonymous.GetAsync("/api/me/claims");
        var own = await admin.GetFromJsonAsync<JsonElement>("/api/me/claims");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (post.StatusCode, list.StatusCode));
        Assert.Equal("unauthorized", (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, own.GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("/admin/claims")]
    [InlineData("/admin/accounts")]
    public async Task The_administrators_pages_send_a_visitor_to_sign_in_refuse_a_citizen_and_open_for_a_mall_administrator(string path)
    {
        var citizen = await _app.SignedInBrowserAsync($"citizen{path.Replace('/', '.')}@example.com");
        var admin = await _app.SignedInBrowserAsync($"admin{path.Replace('/', '.')}@example.com", Roles.MallAdmin);

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", await _app.CreateBrowser().GetAsync(path));
        CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", await citizen.GetAsync(path));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_claims_page_sends_a_visitor_to_sign_in_and_opens_for_a_citizen_with_the_claim_window()
    {
        var citizen = await _app.SignedInBrowserAsync("page.claimant@example.com");

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", await _app.CreateBrowser().GetAsync("/claims"));
        var page = await citizen.GetAsync("/claims");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Tell us within 7 days", await page.Content.ReadAsStringAsync());
    }
}
