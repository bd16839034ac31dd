using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Web.Components.Pages.Government;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web.Government;

/// <summary>
/// The district table through the API and the CSV, on a small city: 12 residents in Yuzhong (shown), 3 in Jiangbei and
/// 8 in Fuling (too few), 11 who gave no district. The CSV says exactly what the page shows.
/// </summary>
public sealed class GovernmentApiTests(GovernmentApiTests.City city) : IClassFixture<GovernmentApiTests.City>
{
    private const string Yuzhong = "500103", Jiangbei = "500105", Fuling = "500102";

    [Fact]
    public async Task The_api_lists_every_district_then_not_given_other_and_total_with_suppressed_rows_empty()
    {
        var rows = await city.Regulator.GetFromJsonAsync<JsonElement[]>("/api/government/districts");

        Assert.Equal(DistrictCatalogue.All.Count + 3, rows!.Length);
        Assert.Equal([.. DistrictCatalogue.All.Select(d => d.Code), "none", "other", "total"], rows.Select(r => r.GetProperty("districtCode").GetString()));
        Assert.Equal(["not_given", "other", "total"], rows.TakeLast(3).Select(r => r.GetProperty("kind").GetString()));
        var yuzhong = rows.Single(r => r.GetProperty("districtCode").GetString() == Yuzhong);
        Assert.Equal("Yuzhong District", yuzhong.GetProperty("name").GetString());
        Assert.False(yuzhong.GetProperty("suppressed").GetBoolean());
        Assert.Equal(12, yuzhong.GetProperty("citizens").GetInt64());
        Assert.Equal(12, yuzhong.GetProperty("activeCitizens").GetInt64());
        // 12 bus rides of 120 g and 1.10 credits.
        Assert.Equal(1440m, yuzhong.GetProperty("gramsReduced").GetDecimal());
        Assert.Equal(13.2m, yuzhong.GetProperty("credits").GetDecimal());
        var jiangbei = rows.Single(r => r.GetProperty("districtCode").GetString() == Jiangbei);
        Assert.True(jiangbei.GetProperty("suppressed").GetBoolean());
        foreach (var figure in new[] { "citizens", "activeCitizens", "gramsReduced", "credits", "couponsRedeemed", "couponsUsed" })
            Assert.Equal(JsonValueKind.Null, jiangbei.GetProperty(figure).ValueKind);
        var total = rows[^1];
        // The regulator registered as every user does, with an account and no district.
        Assert.Equal(city.Residents + 1, total.GetProperty("citizens").GetInt64());
        var shown = rows.SkipLast(1).Where(r => !r.GetProperty("suppressed").GetBoolean()).Sum(r => r.GetProperty("gramsReduced").GetDecimal());
        Assert.Equal(total.GetProperty("gramsReduced").GetDecimal(), shown);
    }

    [Fact]
    public async Task Names_follow_the_request_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/government/districts");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var rows = (await (await city.Regulator.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement[]>())!;

        Assert.Equal("渝中区", rows.Single(r => r.GetProperty("districtCode").GetString() == Yuzhong).GetProperty("name").GetString());
        Assert.Equal("合计", rows[^1].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("?from=2026-13&to=2027-01")]
    [InlineData("?from=2026-06")]
    [InlineData("?from=2026-06&to=2026-01")]
    [InlineData("?from=2020-01&to=2026-01")]
    [InlineData("?from=26-01&to=26-02")]
    public async Task A_period_that_is_not_whole_months_in_order_is_400_bad_period(string query) =>
        await GovernmentAccessTests.AssertProblemAsync(await city.Regulator.GetAsync("/api/government/districts" + query), HttpStatusCode.BadRequest, ErrorCodes.BadPeriod);

    [Theory]
    [InlineData("/api/government/districts?category=flying")]
    [InlineData("/government/districts.csv?category=1")]
    public async Task An_unknown_category_is_400_bad_request(string path) =>
        await GovernmentAccessTests.AssertProblemAsync(await city.Regulator.GetAsync(path), HttpStatusCode.BadRequest, ErrorCodes.BadRequest);

    [Fact]
    public async Task The_csv_has_the_rows_and_cells_the_dashboard_shows_suppression_included()
    {
        var html = await city.Regulator.GetStringAsync("/government");
        var csv = (await city.Regulator.GetStringAsync("/government/districts.csv")).TrimStart('\uFEFF');

        var page = new HtmlParser().ParseDocument(html);
        var shown = page.QuerySelectorAll("[data-testid=district-table] tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("Kind,DistrictCode,District,Citizens,ActiveCitizens,Co2eGrams,Credits,CouponsRedeemed,CouponsUsed,Suppressed", lines[0]);
        var exported = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(shown.Count, exported.Count);
        var unit = MassUnit.Kilogram;
        for (var i = 0; i < shown.Count; i++)
        {
            var (cells, fields) = (shown[i], exported[i]);
            Assert.Equal(cells[0], fields[2]);
            Assert.Equal([cells[1], cells[2], cells[5], cells[6]], new[] { fields[3], fields[4], fields[7], fields[8] }.Select(Formatted));
            Assert.Equal(cells[3], fields[5] == "<10" ? "<10" : GovernmentText.Mass((long)(decimal.Parse(fields[5], CultureInfo.InvariantCulture) * 1000), unit, 10));
            Assert.Equal(cells[4], fields[6] == "<10" ? "<10" : decimal.Parse(fields[6], CultureInfo.InvariantCulture).ToString("#,0.00", CultureInfo.GetCultureInfo("en")));
        }
        Assert.Contains(exported, f => f[1] == Jiangbei && f[3] == "<10" && f[9] == "true");
        Assert.Equal(["other", "total"], exported.TakeLast(2).Select(f => f[0]));
    }

    private static string Formatted(string field) =>
        field == "<10" ? field : long.Parse(field, CultureInfo.InvariantCulture).ToString("#,0", CultureInfo.GetCultureInfo("en"));

    [Fact]
    public async Task Districts_are_listed_for_anyone_in_both_languages()
    {
        using var english = new HttpRequestMessage(HttpMethod.Get, "/api/districts");
        using var chinese = new HttpRequestMessage(HttpMethod.Get, "/api/districts");
        chinese.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var anonymous = city.App.CreateClient();

        var inEnglish = (await (await anonymous.SendAsync(english)).Content.ReadFromJsonAsync<JsonElement[]>())!;
        var inChinese = (await (await anonymous.SendAsync(chinese)).Content.ReadFromJsonAsync<JsonElement[]>())!;

        Assert.Equal(38, inEnglish.Length);
        Assert.Equal(inEnglish.Select(d => d.GetProperty("code").GetString()), inChinese.Select(d => d.GetProperty("code").GetString()));
        Assert.Equal(("500103", "Yuzhong District"), (inEnglish[2].GetProperty("code").GetString(), inEnglish[2].GetProperty("name").GetString()));
        Assert.Equal("渝中区", inChinese[2].GetProperty("name").GetString());
        Assert.Equal("酉阳土家族苗族自治县", inChinese.Single(d => d.GetProperty("code").GetString() == "500242").GetProperty("name").GetString());
    }

    /// <summary>One app with its small city, shared by the class; the regulator signed in through the form.</summary>
    public sealed class City : IAsyncLifetime
    {
        public CarbonHuitongApp App { get; } = new();
        public HttpClient Regulator { get; private set; } = default!;
        public int Residents { get; private set; }

        public async Task InitializeAsync()
        {
            var yesterday = RegionalResidents.Yesterday(TimeProvider.System);
            Residents += (await RegionalResidents.AddAsync(App.Services, Yuzhong, 12, yesterday)).Count;
            Residents += (await RegionalResidents.AddAsync(App.Services, Jiangbei, 3, yesterday)).Count;
            Residents += (await RegionalResidents.AddAsync(App.Services, Fuling, 8, yesterday)).Count;
            Residents += (await RegionalResidents.AddAsync(App.Services, null, 11, yesterday)).Count;
            Regulator = App.CreateBrowser();
            await App.RegisterAsync(Regulator, "regulator.api@example.com");
            await using (var scope = App.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Identity.ApplicationUser>>();
                await users.AddToRoleAsync((await users.FindByEmailAsync("regulator.api@example.com"))!, Roles.Regulator);
            }
            await CarbonHuitongApp.SignInWithFormAsync(Regulator, "regulator.api@example.com");
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
