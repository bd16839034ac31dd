using System.Net;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Funding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using CarbonHuitong.Core;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// Every admin page and endpoint against every kind of visitor, through the real app: the role is checked on the
/// server, and nobody is shown what is not theirs.
/// </summary>
public sealed class AdminAuthorizationMatrixTests(AdminAuthorizationMatrixTests.Visitors visitors) : IClassFixture<AdminAuthorizationMatrixTests.Visitors>
{
    private const string OrgA = "Chongqing Public Transport Group";
    private const string OrgB = "Another Bus Company";
    private const string ProjectOfA = "Urban bus emission reduction project of A";

    private readonly Dictionary<string, HttpClient> _visitors = visitors.Clients;
    private long _projectOfA => visitors.ProjectOfAId;

    private static readonly string[] MallAdminPages =
        ["/admin/batches", "/admin/reports", "/admin/methodology", "/admin/terminals", "/admin/users", "/admin/audit", "/admin/validator",
         "/admin/partners", "/admin/partners/figures",
         "/admin/reports/batches.csv", "/admin/reports/projects.csv", "/admin/reports/platform.csv", "/admin/reports/partners.csv",
         "/admin/reports/credits.csv"];

    public static TheoryData<string> AllAdminPages => new(MallAdminPages.Concat(["/admin", "/admin/projects"]));

    [Theory]
    [MemberData(nameof(AllAdminPages))]
    public async Task A_signed_out_visitor_is_sent_to_sign_in_from(string path)
    {
        var response = await _visitors["anonymous"].GetAsync(path);

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", response);
    }

    [Theory]
    [MemberData(nameof(AllAdminPages))]
    public async Task A_citizen_is_refused(string path) => await AssertRefusedAsync("citizen", path);

    [Theory]
    [MemberData(nameof(MallAdminOnly))]
    public async Task A_project_owner_is_refused_the_mall_administration(string path) => await AssertRefusedAsync("ownerA", path);

    public static TheoryData<string> MallAdminOnly => new(MallAdminPages);

    [Theory]
    [MemberData(nameof(AdminOpens))]
    public async Task A_mall_administrator_opens(string path)
    {
        var response = await _visitors["admin"].GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> AdminOpens => new(MallAdminPages.Concat(["/admin"]));

    [Fact]
    public async Task A_mall_administrator_is_not_a_project_owner()
    {
        await AssertRefusedAsync("admin", "/admin/projects");
    }

    [Fact]
    public async Task A_project_owner_sees_their_own_organizations_project()
    {
        var list = await _visitors["ownerA"].GetAsync("/admin/projects");
        var detail = await _visitors["ownerA"].GetAsync($"/admin/projects/{_projectOfA}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(ProjectOfA, await list.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Contains(ProjectOfA, await detail.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_organizations_owner_is_never_shown_the_project()
    {
        var list = await _visitors["ownerB"].GetAsync("/admin/projects");
        var detail = await _visitors["ownerB"].GetAsync($"/admin/projects/{_projectOfA}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain(ProjectOfA, await list.Content.ReadAsStringAsync());
        Assert.DoesNotContain(ProjectOfA, await detail.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_report_export_is_csv_for_the_mall_administrator()
    {
        var response = await _visitors["admin"].GetAsync("/admin/reports/projects.csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("ProjectId,Project,Organization,TonnesIssued", csv.TrimStart('\uFEFF'));
        Assert.Contains(ProjectOfA, csv);
    }

    private async Task AssertRefusedAsync(string visitor, string path)
    {
        var response = await _visitors[visitor].GetAsync(path);

        CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", response);
    }

    /// <summary>One app and one signed-in browser per kind of visitor, shared by the whole matrix.</summary>
    public sealed class Visitors : IAsyncLifetime
    {
        private readonly CarbonHuitongApp _app = new();

        public Dictionary<string, HttpClient> Clients { get; } = [];
        public long ProjectOfAId { get; private set; }

        public async Task InitializeAsync()
        {
            Clients["anonymous"] = _app.CreateBrowser();
            Clients["citizen"] = await SignedInAsync("citizen.m@example.com");
            Clients["ownerA"] = await SignedInAsync("owner.a@example.com", Roles.ProjectOwner, OrgA);
            Clients["ownerB"] = await SignedInAsync("owner.b@example.com", Roles.ProjectOwner, OrgB);
            Clients["admin"] = await SignedInAsync("admin.m@example.com", Roles.MallAdmin);
            using var scope = _app.Services.CreateScope();
            var ownerA = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("owner.a@example.com");
            ProjectOfAId = await scope.ServiceProvider.GetRequiredService<ProjectService>().RegisterAsync(
                new Actor(ownerA!.Id, "owner.a@example.com", [Roles.ProjectOwner], OrgA),
                new ProjectDraft(ProjectOfA, "CQCER", "Buses", new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31)));
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
