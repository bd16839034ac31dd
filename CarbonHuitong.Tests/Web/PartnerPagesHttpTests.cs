using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

/// <summary>The partner pages and the per-partner CSV through the real app: who may open them and what they hold.</summary>
public sealed class PartnerPagesHttpTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_partner_csv_has_a_line_per_day_partner_outcome_and_code_and_follows_its_filters()
    {
        var admin = await _app.SignedInBrowserAsync("csv.admin@example.com", Roles.MallAdmin);
        var today = PlatformTime.ChinaToday(TimeProvider.System);
        await SeedAsync("cq-metro", "bike-share");

        var all = await admin.GetAsync($"/admin/reports/partners.csv?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        var oneInPeriod = await admin.GetStringAsync($"/admin/reports/partners.csv?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}&partner=bike-share");
        var before = await admin.GetStringAsync("/admin/reports/partners.csv?from=2020-01-01&to=2020-01-31");

        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        var lines = (await all.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Trim().Split("\r\n");
        Assert.Equal("Day,Partner,Status,Code,Events,Credits,Co2eGrams", lines[0]);
        Assert.Contains($"{today:yyyy-MM-dd},cq-metro,accepted,,1,4.73,515.500", lines);
        Assert.Contains($"{today:yyyy-MM-dd},cq-metro,duplicate,,1,0.00,0.000", lines);
        Assert.Contains($"{today:yyyy-MM-dd},cq-metro,refused,not_linked,1,0.00,0.000", lines);
        Assert.Contains(lines, l => l.StartsWith($"{today:yyyy-MM-dd},bike-share,accepted,,1,", StringComparison.Ordinal));
        Assert.DoesNotContain("cq-metro", oneInPeriod);
        Assert.Contains("bike-share,accepted", oneInPeriod);
        Assert.Equal("Day,Partner,Status,Code,Events,Credits,Co2eGrams", before.TrimStart('\uFEFF').Trim());
    }

    [Theory]
    [InlineData("/admin/reports/partners.csv?from=yesterday")]
    [InlineData("/admin/reports/partners.csv?to=2026-13-40")]
    public async Task A_bad_date_is_a_400_problem_not_a_500(string path)
    {
        var admin = await _app.SignedInBrowserAsync($"bad.date.{path.Length}@example.com", Roles.MallAdmin);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json");
        var response = await admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bad_request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_partner_csv_answers_401_without_a_sign_in_and_403_to_a_citizen()
    {
        var citizen = await _app.BearerCitizenAsync("csv.citizen@example.com");

        var anonymous = await _app.CreateClient().GetAsync("/admin/reports/partners.csv");
        var refused = await citizen.GetAsync("/admin/reports/partners.csv");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task My_scenarios_sends_a_visitor_to_sign_in_and_shows_a_citizen_every_active_partner()
    {
        var citizen = await _app.SignedInBrowserAsync("scenarios.citizen@example.com");
        await SeedAsync("cq-metro", "bike-share");
        using (var scope = _app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PartnerService>().SuspendAsync(Actors.MallAdmin, "bike-share");

        var visitor = await _app.CreateBrowser().GetAsync("/scenarios");
        var html = await citizen.GetStringAsync("/scenarios");

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", visitor);
        Assert.Contains("My scenarios", html);
        Assert.Contains("Partner cq-metro", html);
        Assert.DoesNotContain("Partner bike-share", html);
    }

    /// <summary>
    /// Registers the partners (the first reporting metro rides, the second bicycles), links a citizen to each, and
    /// sends: a metro ride, the same ride again, one for an unknown user; a bicycle trip.
    /// </summary>
    private async Task SeedAsync(string metro, string bike)
    {
        using var scope = _app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var admin = services.GetRequiredService<PartnerService>();
        await admin.RegisterAsync(Actors.MallAdmin, new PartnerDraft(metro, "", $"Partner {metro}", [Methodology.MetroRide]));
        await admin.RegisterAsync(Actors.MallAdmin, new PartnerDraft(bike, "", $"Partner {bike}", [Methodology.SharedBicycle]));
        await _app.RegisterAsync(_app.CreateClient(), $"rider.{metro}@example.com");
        var user = await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync($"rider.{metro}@example.com");
        var accountId = (await services.GetRequiredService<LedgerQueries>().FindAccountIdAsync(user!.Id))!.Value;
        var links = services.GetRequiredService<PartnerLinks>();
        var feed = services.GetRequiredService<PartnerFeed>();
        var metroId = new PartnerIdentity(metro, new HashSet<string> { Methodology.MetroRide });
        var bikeId = new PartnerIdentity(bike, new HashSet<string> { Methodology.SharedBicycle });
        await links.RedeemAsync(metroId, (await links.IssueCodeAsync(accountId, metro)).LinkCode, "m-1");
        await links.RedeemAsync(bikeId, (await links.IssueCodeAsync(accountId, bike)).LinkCode, "b-1");
        var ride = PartnerSetup.Event("m-1", Methodology.MetroRide, 1, DateTime.UtcNow.AddMinutes(-1), "ride-1");
        await feed.IngestAsync(metroId, [ride, PartnerSetup.Event("nobody", Methodology.MetroRide, 1, DateTime.UtcNow.AddMinutes(-1))]);
        await feed.IngestAsync(metroId, [ride]);
        await feed.IngestAsync(bikeId, [PartnerSetup.Event("b-1", Methodology.SharedBicycle, 2.5m, DateTime.UtcNow.AddMinutes(-30))]);
    }
}
