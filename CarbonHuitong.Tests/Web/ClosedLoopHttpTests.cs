using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AngleSharp.Html.Parser;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Web.Components.Pages.Government;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// The closed-loop page, its CSV and its API against every kind of visitor, through the real app: the role and the
/// organization are checked on the server. And the CSV holds exactly the table the page shows.
/// </summary>
public sealed class ClosedLoopHttpTests(ClosedLoopHttpTests.Visitors visitors) : IClassFixture<ClosedLoopHttpTests.Visitors>
{
    private const string OrgA = "Chongqing Public Transport Group";
    private const string OrgB = "Another Bus Company";
    private const string ProjectOfA = "Urban bus emission reduction project of A";
    private const string Api = "/api/government/closed-loop";

    public static TheoryData<string> PageAndCsv => new(["/government/closed-loop", "/government/closed-loop.csv"]);

    [Theory]
    [MemberData(nameof(PageAndCsv))]
    public async Task A_signed_out_visitor_is_sent_to_sign_in(string path) =>
        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", await visitors.Clients["anonymous"].GetAsync(path));

    [Theory]
    [MemberData(nameof(PageAndCsv))]
    public async Task A_citizen_is_refused(string path) =>
        CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", await visitors.Clients["citizen"].GetAsync(path));

    [Theory]
    [InlineData("admin", "/government/closed-loop")]
    [InlineData("admin", "/government/closed-loop.csv")]
    [InlineData("regulator", "/government/closed-loop")]
    [InlineData("regulator", "/government/closed-loop.csv")]
    [InlineData("ownerA", "/government/closed-loop")]
    [InlineData("ownerA", "/government/closed-loop.csv")]
    public async Task Regulators_administrators_and_the_projects_owner_see_the_project(string visitor, string path)
    {
        var response = await visitors.Clients[visitor].GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ProjectOfA, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(PageAndCsv))]
    public async Task Another_organizations_owner_is_never_shown_the_project(string path)
    {
        var response = await visitors.Clients["ownerB"].GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(ProjectOfA, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("anonymous", HttpStatusCode.Unauthorized, null)]
    [InlineData("citizen", HttpStatusCode.Forbidden, null)]
    [InlineData("ownerB", HttpStatusCode.OK, 0)]
    [InlineData("ownerA", HttpStatusCode.OK, 1)]
    [InlineData("admin", HttpStatusCode.OK, 1)]
    [InlineData("regulator", HttpStatusCode.OK, 1)]
    public async Task The_api_answers_each_visitor_with_the_projects_they_may_see(string visitor, HttpStatusCode status, int? projectsOfA)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        var response = await visitors.Clients[visitor].SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (projectsOfA is not { } expected)
        {
            Assert.Equal(status == HttpStatusCode.Forbidden ? ErrorCodes.Forbidden : "unauthorized", body.GetProperty("code").GetString());
            return;
        }
        var projects = body.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(expected, projects.Count(p => p.GetProperty("name").GetString() == ProjectOfA));
        if (expected == 0) return;
        var project = projects.Single(p => p.GetProperty("name").GetString() == ProjectOfA);
        Assert.Equal((100_000L, 1_000_000_00L, 10_00L), (project.GetProperty("tonnesSold").GetInt64(), project.GetProperty("revenueFen").GetInt64(),
            project.GetProperty("averagePricePerTonneFen").GetInt64()));
        var coupons = project.GetProperty("coupons");
        // 1,000 ¥2 coupons at 20 credits: ¥916.67 per tonne of citizens' reductions.
        Assert.Equal((1_000, 2_000_00L, 91_667L), (coupons.GetProperty("funded").GetInt32(), coupons.GetProperty("fundedFen").GetInt64(),
            coupons.GetProperty("couponFenPerRewardedTonne").GetInt64()));
        Assert.Equal(120_000, body.GetProperty("rate").GetProperty("milligramsPerUnit").GetInt64());
    }

    [Fact]
    public async Task The_csv_holds_exactly_the_lines_and_figures_the_page_shows()
    {
        var html = await visitors.Clients["admin"].GetStringAsync("/government/closed-loop");
        var csv = (await visitors.Clients["admin"].GetStringAsync("/government/closed-loop.csv")).TrimStart('\uFEFF');

        var shown = new HtmlParser().ParseDocument(html).QuerySelectorAll("[data-testid=closed-loop-table] tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => Plain(td.TextContent)).ToList()).ToList();
        using var reader = new CsvHelper.CsvReader(new StringReader(csv), System.Globalization.CultureInfo.InvariantCulture);
        var exported = new List<List<string>>();
        await reader.ReadAsync();
        reader.ReadHeader();
        Assert.Equal(ClosedLoopTable.Columns.Select(c => c.CsvName), reader.HeaderRecord!);
        while (await reader.ReadAsync()) exported.Add(Enumerable.Range(0, ClosedLoopTable.Columns.Count).Select(i => reader.GetField(i)!).ToList());

        Assert.Equal(2, shown.Count);
        Assert.Equal(shown.Count, exported.Count);
        var batchColumn = ClosedLoopTable.Columns.ToList().FindIndex(c => c.CsvName == "Batch");
        for (var line = 0; line < shown.Count; line++)
            for (var column = 0; column < ClosedLoopTable.Columns.Count; column++)
            {
                if (column == batchColumn) continue; // the page names the batch and its status, the CSV its id
                Assert.Equal(shown[line][column], exported[line][column]);
            }
        Assert.StartsWith("#", shown[1][batchColumn]);
        Assert.Equal(shown[1][batchColumn].Split(' ')[0].TrimStart('#'), exported[1][batchColumn]);
    }

    /// <summary>A cell as a number reads in the CSV: no currency sign, no thousands separators, no dash for "none".</summary>
    private static string Plain(string cell) => cell.Trim() is "—" ? "" : cell.Trim().Replace("¥", "").Replace(",", "");

    /// <summary>One app and one signed-in browser per kind of visitor, and organization A's project with a listed batch.</summary>
    public sealed class Visitors : IAsyncLifetime
    {
        private readonly CarbonHuitongApp _app = new();

        public Dictionary<string, HttpClient> Clients { get; } = [];

        public async Task InitializeAsync()
        {
            Clients["anonymous"] = _app.CreateBrowser();
            Clients["citizen"] = await SignedInAsync("citizen.cl@example.com");
            Clients["ownerA"] = await SignedInAsync("owner.a.cl@example.com", Roles.ProjectOwner, OrgA);
            Clients["ownerB"] = await SignedInAsync("owner.b.cl@example.com", Roles.ProjectOwner, OrgB);
            Clients["admin"] = await SignedInAsync("admin.cl@example.com", Roles.MallAdmin);
            Clients["regulator"] = await SignedInAsync("regulator.cl@example.com", Roles.Regulator);
            using var scope = _app.Services.CreateScope();
            var services = scope.ServiceProvider;
            var ownerUser = await services.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("owner.a.cl@example.com");
            var owner = new Actor(ownerUser!.Id, ownerUser.Email!, [Roles.ProjectOwner], OrgA);
            var admin = new Actor("admin", "admin.cl@example.com", [Roles.MallAdmin], null);
            var projects = services.GetRequiredService<ProjectService>();
            var projectId = await projects.RegisterAsync(owner, new ProjectDraft(ProjectOfA, "CQCER", "Buses", new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31)));
            await projects.RecordIssuanceAsync(owner, projectId, new IssuanceDraft(120_000, 2023, "CQCER-A", new DateOnly(2024, 3, 1)));
            await projects.RecordSaleAsync(owner, projectId, new SaleDraft(100_000, new Fen(10_00), "A buyer", new DateOnly(2024, 4, 1)));
            var batches = services.GetRequiredService<CouponBatchService>();
            var batchId = await batches.FundAsync(owner, projectId, new BatchDraft(new Fen(2_00), 1_000, Credits.FromDecimal(20m), 30, null, null));
            await batches.SubmitAsync(owner, batchId);
            await batches.ListAsync(admin, batchId, new ListingDraft(BilingualText.Of("2元公交券", "2-yuan bus coupon"), BilingualText.Of(null, "For the test."), null));
        }

        public async Task DisposeAsync() => await _app.DisposeAsync();

        private async Task<HttpClient> SignedInAsync(string email, string? role = null, string? organization = null)
        {
            var browser = _app.CreateBrowser();
            await _app.RegisterAsync(browser, email);
            if (role is not null)
            {
                using var scope = _app.Services.CreateScope();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                var user = (await users.FindByEmailAsync(email))!;
                user.Organization = organization;
                await users.UpdateAsync(user);
                await users.AddToRoleAsync(user, role);
            }
            await CarbonHuitongApp.SignInWithFormAsync(browser, email);
            return browser;
        }
    }
}
