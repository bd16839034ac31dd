using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;
using System.Security.Claims;
using Bunit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Ledger;
using CarbonHuitong.Web.Components.Pages.Transit;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CarbonHuitong.Tests.Web;

public sealed class RideCodeComponentTests : PageTestContext
{
    [Fact]
    public async Task The_ride_code_page_shows_a_signed_code_and_says_the_next_ride_uses_a_coupon()
    {
        var citizen = await SignInAsync(credits: 45m);
        var item = await new MallBuilder().BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            var redemptions = CoreServices.Redemptions(db, Clock);
            await redemptions.RedeemAsync(citizen.AccountId, item.Id, "a");
            await redemptions.RedeemAsync(citizen.AccountId, item.Id, "b");
        }

        var page = Render<RideCodePage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=ride-code-qr]")));
        var token = page.Find("[data-testid=ride-code-qr]").GetAttribute("data-token")!;
        Assert.Equal(citizen.AccountId, new RideCodes(Keyring, Clock).Verify(token).AccountId);
        Assert.Contains("This ride uses 1 ¥2.00 bus coupon: you pay ¥0.00 (at the ¥2.00 fare). Coupons left after it: 1.", page.Find("[data-testid=next-ride]").TextContent);
        Assert.Equal(token, page.Find("[data-testid=ride-code-text]").TextContent.Trim());
        Assert.NotNull(page.Find("[data-testid=brightness-hint]"));

        page.Find("[data-testid=ride-code-refresh]").Click();

        page.WaitForAssertion(() => Assert.NotEqual(token, page.Find("[data-testid=ride-code-qr]").GetAttribute("data-token")));
        Assert.Equal(page.Find("[data-testid=ride-code-qr]").GetAttribute("data-token"), page.Find("[data-testid=ride-code-text]").TextContent.Trim());
    }

    [Fact]
    public async Task Without_a_coupon_the_page_says_the_next_ride_is_full_fare()
    {
        await SignInAsync(credits: 0m);

        var page = Render<RideCodePage>();

        page.WaitForAssertion(() => Assert.Contains("This ride uses no coupon: you pay ¥2.00.", page.Find("[data-testid=next-ride]").TextContent));
    }

    [Fact]
    public async Task The_history_shows_a_scanned_ride_with_its_line_and_the_coupon_that_paid()
    {
        var citizen = await SignInAsync(credits: 20m);
        var item = await new MallBuilder().BuildAsync(Database, Clock);
        string terminalKey;
        await using (var db = Database.CreateContext())
        {
            await CoreServices.Redemptions(db, Clock).RedeemAsync(citizen.AccountId, item.Id, "c");
            terminalKey = await CoreServices.Terminals(db, Clock).RegisterAsync(Actors.MallAdmin, "CQ-TEST-02", "871", "Front door");
            var rideCodes = new RideCodes(Keyring, Clock);
            var scans = CoreServices.Scans(db, rideCodes, Clock);
            await scans.RecordRideAsync(terminalKey, new ScanRequest("s-1", rideCodes.Issue(citizen.AccountId).Token, "871", "B-7", 200, Clock.UtcNow));
            await scans.RecordRideAsync(terminalKey, new ScanRequest("s-2", rideCodes.Issue(citizen.AccountId).Token, "118", "B-9", 200, Clock.UtcNow.AddSeconds(1)));
        }
        await using var read = Database.CreateContext();
        var behaviours = await new MethodologyService(read, new AuditLog(read, Clock), Clock, new ReferenceDataCache(Clock)).ListAsync();

        var history = Render<LedgerHistory>(p => p.Add(c => c.AccountId, citizen.AccountId).Add(c => c.Behaviours, behaviours));

        history.WaitForAssertion(() => Assert.Equal(4, history.FindAll("[data-testid=ledger-entry]").Count));
        var rows = history.FindAll("[data-testid=ledger-entry]");
        Assert.Contains("Bus ride · line 118", rows[0].TextContent);
        Assert.DoesNotContain("coupon applied", rows[0].TextContent);
        Assert.Contains("Bus ride · line 871 · ¥2.00 coupon applied", rows[1].TextContent);
        Assert.Contains("+1.10", rows[1].TextContent);
    }

    [Fact]
    public async Task The_validator_simulator_scans_a_pasted_code_and_shows_the_answer_or_the_refusal()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext()) await CoreServices.Terminals(db, Clock).RegisterAsync(Actors.MallAdmin, "CQ-SIM-01", "871", "Simulator");
        var token = new RideCodes(Keyring, Clock).Issue(citizen.AccountId).Token;
        SignIn(Actors.MallAdmin);
        var page = Render<ValidatorSimulator>();

        page.WaitForAssertion(() => Assert.Contains("CQ-SIM-01", page.Markup));
        page.Find("textarea").Change(token);
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("¥2.00", page.Find("[data-testid=amount-due]").TextContent));
        Assert.Contains("1.10", page.Find("[data-testid=scan-answer]").TextContent);

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("replayed_code", page.Find("[data-testid=scan-refusal]").TextContent));
    }

    private async Task<Citizen> SignInAsync(decimal credits)
    {
        var citizen = await new CitizenBuilder().WithCredits(credits).BuildAsync(Database, Clock);
        SignIn(citizen);
        return citizen;
    }
}
