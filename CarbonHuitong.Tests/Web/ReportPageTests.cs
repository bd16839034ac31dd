using System.Security.Claims;
using Bunit;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Reports;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CarbonHuitong.Tests.Web;

/// <summary>The reports page shows the figures the database holds for seeded activity.</summary>
public sealed class ReportPageTests : PageTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Actors.MallAdmin);
    }

    [Fact]
    public async Task The_report_page_shows_platform_batch_and_project_figures_from_theDatabase()
    {
        var item = await new MallBuilder().WithStock(10).BuildAsync(Database, Clock);
        var rider = await new CitizenBuilder().BuildAsync(Database, Clock);
        var saver = await new CitizenBuilder().WithCredits(40m).BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            var keyring = new RideCodeKeyring(TestKeyRing.Shared);
            await keyring.LoadAsync(db, Clock);
            var rideCodes = new RideCodes(keyring, Clock);
            var key = await CoreServices.Terminals(db, Clock).RegisterAsync(Actors.MallAdmin, "CQ-REP-01", "871", "Report");
            var ledger = new TestLedger(db, Clock);
            await CoreServices.Redemptions(db, Clock).RedeemAsync(saver.AccountId, item.Id, "one");
            await CoreServices.Redemptions(db, Clock).RedeemAsync(saver.AccountId, item.Id, "two");
            var scans = CoreServices.Scans(db, rideCodes, Clock);
            for (var ride = 0; ride < 3; ride++)
                await scans.RecordRideAsync(key, new ScanRequest($"r{ride}", rideCodes.Issue(rider.AccountId).Token, "871", "B-1", 200, Clock.UtcNow));
            await scans.RecordRideAsync(key, new ScanRequest("s0", rideCodes.Issue(saver.AccountId).Token, "871", "B-1", 200, Clock.UtcNow));
        }

        var page = Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Equal("4", page.Find("[data-testid=rides]").TextContent.Trim()));
        Assert.Equal("2", page.Find("[data-testid=citizens]").TextContent.Trim());
        Assert.Equal("4.40", page.Find("[data-testid=credits-earned]").TextContent.Trim());
        Assert.Equal("40.00", page.Find("[data-testid=credits-spent]").TextContent.Trim());
        Assert.Equal("480 g", page.Find("[data-testid=reduced]").TextContent.Trim());
        var batchCells = page.FindAll("[data-testid=batch-report] tbody tr td").Select(td => td.TextContent.Trim()).ToList();
        // Not used: 8 on the shelf and the saver's unused coupon.
        Assert.Equal(["On the shelf", "10", "2", "1", "0", "8", "9"], batchCells.Skip(2));
        var projectCells = page.FindAll("[data-testid=project-report] tbody tr td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["¥2.00", "¥18.00"], projectCells.TakeLast(2));
        Assert.Equal("0.00", page.Find("[data-testid=pending-outstanding]").TextContent.Trim());
        Assert.Contains("No credits expired or were reversed in these months.", page.Find("[data-testid=credits-lost]").TextContent);
    }
}
