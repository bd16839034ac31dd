using System.Globalization;
using Bunit;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using CarbonHuitong.Web.Components.Pages.Ledger;

namespace CarbonHuitong.Tests.Web;

/// <summary>The ledger's history names who reported each entry, and says so when two sources reported one act.</summary>
public sealed class LedgerSourceTests : PageTestContext
{
    [Fact]
    public async Task A_bus_ride_scanned_and_then_reported_by_a_partner_reads_counted_once_naming_both()
    {
        var (citizen, _) = await ScannedAndReportedAgainAsync();

        var history = await RenderHistoryAsync(citizen.AccountId);

        history.WaitForAssertion(() => Assert.Single(history.FindAll("[data-testid=counted-once]")));
        Assert.Equal("Chongqing bus validator and Yukuaiban reported this trip; counted once.",
            history.Find("[data-testid=counted-once]").TextContent.Trim());
        Assert.Contains("+1.10", history.FindAll("[data-testid=ledger-entry]").Single(r => r.TextContent.Contains("counted once")).TextContent);
    }

    [Fact]
    public async Task In_chinese_the_counted_once_line_and_the_partners_name_read_in_chinese()
    {
        var (citizen, _) = await ScannedAndReportedAgainAsync();
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var history = await RenderHistoryAsync(citizen.AccountId);

            history.WaitForAssertion(() => Assert.Single(history.FindAll("[data-testid=counted-once]")));
            Assert.Equal("重庆公交验票机 和 渝快办 报告了这次出行；只计一次。", history.Find("[data-testid=counted-once]").TextContent.Trim());
            Assert.Equal("来源：渝快办", history.Find("[data-testid=entry-source]").TextContent.Trim());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [Fact]
    public async Task A_partners_own_report_names_the_partner_and_a_platform_entry_names_nobody()
    {
        var (citizen, _) = await ScannedAndReportedAgainAsync();
        await using (var db = Database.CreateContext())
            await new TestLedger(db, Clock).RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.SharedBicycle, 2, Clock.UtcNow.AddHours(-5)));

        var history = await RenderHistoryAsync(citizen.AccountId);

        history.WaitForAssertion(() => Assert.Equal(3, history.FindAll("[data-testid=ledger-entry]").Count));
        var rows = history.FindAll("[data-testid=ledger-entry]");
        var walk = rows.Single(r => r.TextContent.Contains("Walking"));
        Assert.Equal("Reported by Yukuaiban", walk.QuerySelector("[data-testid=entry-source]")!.TextContent.Trim());
        var bicycle = rows.Single(r => r.TextContent.Contains("Shared bicycle"));
        Assert.Null(bicycle.QuerySelector("[data-testid=entry-source]"));
        Assert.Null(bicycle.QuerySelector("[data-testid=counted-once]"));
    }

    /// <summary>
    /// A citizen's bus ride scanned at a validator, the same ride reported afterwards by the partner 渝快办 (counted
    /// elsewhere), and a walk the partner reported on its own.
    /// </summary>
    private async Task<(Citizen Citizen, TestPartner Partner)> ScannedAndReportedAgainAsync()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        TestPartner partner;
        await using (var db = Database.CreateContext())
        {
            string[] behaviours = [Methodology.BusRide, Methodology.Walking];
            var issued = await PartnerSetup.Admin(db, Clock).RegisterAsync(Actors.MallAdmin, new PartnerDraft("yukuaiban", "渝快办", "Yukuaiban", behaviours));
            partner = new TestPartner("yukuaiban", issued.Secret, issued.SecretId, new PartnerIdentity("yukuaiban", behaviours.ToHashSet()));
        }
        await Database.LinkAsync(Clock, partner, citizen.AccountId, "ykb-1");
        var validator = await Validator.RegisterAsync(Database, Clock, await Database.LoadRideCodesAsync(Clock));
        var scan = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        Assert.Equal(1.10m, scan.CreditsEarned.Value);

        var results = await Database.SendAsync(Clock, partner,
            PartnerSetup.Event("ykb-1", Methodology.BusRide, 1, Clock.UtcNow.AddMinutes(-1)),
            PartnerSetup.Event("ykb-1", Methodology.Walking, 5, Clock.UtcNow.AddHours(-2)));

        Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.CountedElsewhere), (results[0].Status, results[0].Code));
        Assert.Equal(PartnerEventStatus.Accepted, results[1].Status);
        return (citizen, partner);
    }

    private async Task<IRenderedComponent<LedgerHistory>> RenderHistoryAsync(long accountId)
    {
        await using var read = Database.CreateContext();
        var behaviours = await new MethodologyService(read, new AuditLog(read, Clock), Clock, new ReferenceDataCache(Clock)).InEffectAsync();
        return Render<LedgerHistory>(p => p.Add(c => c.AccountId, accountId).Add(c => c.Behaviours, behaviours));
    }
}
