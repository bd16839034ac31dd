using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web.Government;

/// <summary>
/// Every new page and endpoint of the regional ledger against every kind of visitor, through the real app: statistics
/// are for regulators and mall administrators, open data and the district list for anyone.
/// </summary>
public sealed class GovernmentAccessTests(GovernmentAccessTests.Visitors visitors) : IClassFixture<GovernmentAccessTests.Visitors>
{
    public static TheoryData<string> StatisticsPages => new() { "/government", "/government/districts.csv" };
    public static TheoryData<string> StatisticsApis => new() { "/api/government/districts", "/api/government/districts?from=2026-01&to=2026-06&category=transport" };
    public static TheoryData<string> PublicPaths => new() { "/open-data", "/open-data.json", "/open-data.csv", "/api/districts" };
    public static TheoryData<string> Readers => new() { "regulator", "admin" };
    public static TheoryData<string> NotReaders => new() { "citizen", "owner" };

    [Theory]
    [MemberData(nameof(StatisticsPages))]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_from(string path) =>
        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", await visitors.Clients["anonymous"].GetAsync(path));

    [Theory]
    [MemberData(nameof(StatisticsApis))]
    public async Task A_signed_out_client_gets_401_problem_details_from(string path) =>
        await AssertProblemAsync(await visitors.Clients["anonymous"].GetAsync(path), HttpStatusCode.Unauthorized, "unauthorized");

    [Theory]
    [MemberData(nameof(NotReaders))]
    public async Task Citizens_and_project_owners_are_refused_every_statistics_page_and_endpoint(string visitor)
    {
        foreach (var page in new[] { "/government", "/government/districts.csv" })
            CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", await visitors.Clients[visitor].GetAsync(page));
        await AssertProblemAsync(await visitors.Clients[visitor].GetAsync("/api/government/districts"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public async Task Regulators_and_mall_administrators_open_the_dashboard_its_csv_and_the_api(string visitor)
    {
        var client = visitors.Clients[visitor];

        var page = await client.GetAsync("/government");
        var csv = await client.GetAsync("/government/districts.csv");
        var api = await client.GetAsync("/api/government/districts");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Regional carbon ledger", await page.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PublicPaths))]
    public async Task Open_data_and_the_district_list_are_for_everyone(string path)
    {
        foreach (var visitor in new[] { "anonymous", "citizen", "owner", "admin", "regulator" })
            Assert.Equal(HttpStatusCode.OK, (await visitors.Clients[visitor].GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_own_district_endpoint_needs_a_sign_in()
    {
        await AssertProblemAsync(await visitors.Clients["anonymous"].GetAsync("/api/me/district"), HttpStatusCode.Unauthorized, "unauthorized");
        await AssertProblemAsync(await visitors.Clients["anonymous"].PutAsJsonAsync("/api/me/district", new { districtCode = "500103" }),
            HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("citizen")]
    [InlineData("owner")]
    [InlineData("admin")]
    [InlineData("regulator")]
    public async Task Every_signed_in_visitor_reads_and_sets_only_their_own_district(string visitor)
    {
        var client = visitors.Clients[visitor];

        var set = await client.PutAsJsonAsync("/api/me/district", new { districtCode = "500106" });
        var read = await client.GetFromJsonAsync<JsonElement>("/api/me/district");
        var othersDistricts = await Task.WhenAll(visitors.Clients.Where(c => c.Key != "anonymous" && c.Key != visitor)
            .Select(c => c.Value.GetFromJsonAsync<JsonElement>("/api/me/district")));
        var cleared = await client.PutAsJsonAsync("/api/me/district", new { districtCode = (string?)null });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("500106", read.GetProperty("districtCode").GetString());
        Assert.All(othersDistricts, d => Assert.NotEqual("500106", d.GetProperty("districtCode").GetString()));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await client.GetFromJsonAsync<JsonElement>("/api/me/district")).GetProperty("districtCode").ValueKind);
    }

    [Theory]
    [InlineData("citizen")]
    [InlineData("owner")]
    public async Task Citizens_and_project_owners_are_refused_the_statistics_with_a_period_or_a_category(string visitor)
    {
        foreach (var path in new[] { "/api/government/districts?from=2026-01&to=2026-06&category=transport", "/api/government/districts?from=bad" })
            await AssertProblemAsync(await visitors.Clients[visitor].GetAsync(path), HttpStatusCode.Forbidden, "forbidden");
        CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", await visitors.Clients[visitor].GetAsync("/government/districts.csv?from=2026-01&to=2026-06"));
    }

    [Fact]
    public async Task A_regulator_is_shown_the_dashboard_in_the_menu_and_a_citizen_is_not()
    {
        var regulator = await visitors.Clients["regulator"].GetStringAsync("/open-data");
        var citizen = await visitors.Clients["citizen"].GetStringAsync("/open-data");

        Assert.Contains("href=\"government\"", regulator);
        Assert.DoesNotContain("href=\"government\"", citizen);
        Assert.Contains("href=\"open-data\"", citizen);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    /// <summary>One app and one signed-in browser per kind of visitor, shared by the whole matrix.</summary>
    public sealed class Visitors : IAsyncLifetime
    {
        public CarbonHuitongApp App { get; } = new();

        public Dictionary<string, HttpClient> Clients { get; } = [];

        public async Task InitializeAsync()
        {
            Clients["anonymous"] = App.CreateBrowser();
            Clients["citizen"] = await App.SignedInBrowserAsync("citizen.g@example.com");
            Clients["owner"] = await SignedInOwnerAsync("owner.g@example.com");
            Clients["admin"] = await App.SignedInBrowserAsync("admin.g@example.com", Roles.MallAdmin);
            Clients["regulator"] = await App.SignedInBrowserAsync("regulator.g@example.com", Roles.Regulator);
        }

        private async Task<HttpClient> SignedInOwnerAsync(string email)
        {
            var browser = App.CreateBrowser();
            await App.RegisterAsync(browser, email);
            using (var scope = App.Services.CreateScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                var user = (await users.FindByEmailAsync(email))!;
                user.Organization = "Chongqing Public Transport Group";
                await users.UpdateAsync(user);
                await users.AddToRoleAsync(user, Roles.ProjectOwner);
            }
            await CarbonHuitongApp.SignInWithFormAsync(browser, email);
            return browser;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
