using System.Globalization;
using System.Text.RegularExpressions;
using Bunit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Scenarios;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace CarbonHuitong.Tests.Web;

/// <summary>"My scenarios": every partner, linked or not, the one-time link code and the revocation, against a real SQLite file.</summary>
public sealed class ScenarioPageTests : PageTestContext
{
    [Fact]
    public async Task Each_active_partner_shows_what_it_reports_and_whether_it_is_linked()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var metro = await RegisterAsync("cq-metro", "重庆轨道交通", "Chongqing Rail Transit", Methodology.MetroRide);
        await RegisterAsync("steps", "", "Step Counter", Methodology.Walking);
        await Database.LinkAsync(Clock, metro, citizen.AccountId, "m-1");
        await Database.SendAsync(Clock, metro, PartnerSetup.Event("m-1", Methodology.MetroRide, 1, Clock.UtcNow.AddHours(-1)));
        SignIn(citizen);

        var page = Render<MyScenarios>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=scenario]").Count));
        var linked = page.Find("[data-partner=cq-metro]");
        Assert.Equal("true", linked.GetAttribute("data-linked"));
        Assert.Contains("Chongqing Rail Transit", linked.TextContent);
        Assert.Equal("Linked since 2026-03-18 10:00.", linked.QuerySelector("[data-testid=linked-since]")!.TextContent.Trim());
        Assert.Equal("So far: 1 event, 4.73 credits.", linked.QuerySelector("[data-testid=link-figures]")!.TextContent.Trim());
        Assert.NotNull(linked.QuerySelector("[data-testid=revoke]"));
        var unlinked = page.Find("[data-partner=steps]");
        Assert.Equal("false", unlinked.GetAttribute("data-linked"));
        Assert.Equal("Walking · at most 296 g a day", unlinked.QuerySelector("[data-testid=scenario-behaviours]")!.TextContent.Trim());
        Assert.Null(unlinked.QuerySelector("[data-testid=link-figures]"));
        Assert.NotNull(unlinked.QuerySelector("[data-testid=link]"));
    }

    [Fact]
    public async Task A_partner_named_in_one_language_reads_in_that_language_for_the_other()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await RegisterAsync("steps", "", "Step Counter", Methodology.Walking);
        await RegisterAsync("yukuaiban", "渝快办", "", Methodology.BusRide);
        SignIn(citizen);
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var page = Render<MyScenarios>();

            page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=scenario]").Count));
            Assert.Contains("Step Counter", page.Find("[data-partner=steps] h2").TextContent);
            Assert.Equal("步行 · 每天最多 296 g", page.Find("[data-partner=steps] [data-testid=scenario-behaviours]").TextContent.Trim());
            Assert.Contains("渝快办", page.Find("[data-partner=yukuaiban] h2").TextContent);
            Assert.Contains("未关联", page.Find("[data-partner=yukuaiban] [data-testid=link-status]").TextContent);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [Fact]
    public async Task Link_shows_a_one_time_code_with_its_expiry_and_what_the_partner_will_report_and_the_partner_can_redeem_it()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var metro = await RegisterAsync("cq-metro", "重庆轨道交通", "Chongqing Rail Transit", Methodology.MetroRide, Methodology.Walking);
        SignIn(citizen);
        var page = Render<MyScenarios>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-partner=cq-metro] [data-testid=link]")));

        page.Find("[data-partner=cq-metro] [data-testid=link]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=link-code]")));
        var code = page.Find("[data-testid=link-code]").TextContent.Trim();
        Assert.Matches(new Regex("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$"), code);
        Assert.Equal("It works once, until 2026-03-18 10:10 (10:00 left).", page.Find("[data-testid=link-code-expiry]").TextContent.Trim());
        Assert.Equal("Once linked, Chongqing Rail Transit will report: Metro ride and Walking.",
            page.Find("[data-testid=link-code-reports]").TextContent.Trim());

        await using (var db = Database.CreateContext())
            await PartnerSetup.Links(db, Clock).RedeemAsync(metro.Identity, code, "m-7");
        page.Find("[data-testid=check-link]").Click();

        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-partner=cq-metro]").GetAttribute("data-linked")));
        Assert.Empty(page.FindAll("[data-testid=link-code]"));
    }

    [Fact]
    public async Task The_revoke_dialog_says_what_is_kept_and_what_is_deleted_and_deletes_only_the_raw_events_when_ticked()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var metro = await RegisterAsync("cq-metro", "重庆轨道交通", "Chongqing Rail Transit", Methodology.MetroRide);
        await Database.LinkAsync(Clock, metro, citizen.AccountId, "m-1");
        await Database.SendAsync(Clock, metro, PartnerSetup.Event("m-1", Methodology.MetroRide, 1, Clock.UtcNow.AddHours(-1)));
        SignIn(citizen);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<MyScenarios>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=revoke]")));

        page.Find("[data-testid=revoke]").Click();

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=confirm-revoke]")));
        Assert.Equal("Chongqing Rail Transit will no longer report your green behaviour: everything it sends about you from now on is refused.",
            dialogs.Find("[data-testid=revoke-stops]").TextContent.Trim());
        Assert.Equal("Kept: your ledger entries. The 4.73 credits you earned from Chongqing Rail Transit stay yours.",
            Squeeze(dialogs.Find("[data-testid=revoke-keeps]").TextContent));
        Assert.Equal("Deleted if you tick it: the raw reports Chongqing Rail Transit sent about you (what you did, when and how much). This cannot be undone.",
            Squeeze(dialogs.Find("[data-testid=revoke-deletes]").TextContent));
        Assert.Contains("Also delete the data Chongqing Rail Transit sent", dialogs.Markup);

        dialogs.Find("input[type=checkbox]").Change(true);
        dialogs.Find("[data-testid=confirm-revoke]").Click();

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-partner=cq-metro]").GetAttribute("data-linked")));
        Assert.Contains("Link revoked on 2026-03-18 10:00.", page.Find("[data-partner=cq-metro] [data-testid=revoked-on]").TextContent);
        Assert.Contains("The data it sent was deleted on 2026-03-18 10:00.", page.Find("[data-partner=cq-metro] [data-testid=revoked-on]").TextContent);
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.PartnerEvents.CountAsync(e => e.PartnerCode == "cq-metro"));
        Assert.Equal(1, await db.LedgerEntries.CountAsync(e => e.AccountId == citizen.AccountId && e.Source == "partner:cq-metro"));
    }

    [Fact]
    public async Task Revoking_without_the_tick_keeps_the_raw_events_and_offers_to_delete_them_later()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var metro = await RegisterAsync("cq-metro", "重庆轨道交通", "Chongqing Rail Transit", Methodology.MetroRide);
        await Database.LinkAsync(Clock, metro, citizen.AccountId, "m-1");
        await Database.SendAsync(Clock, metro, PartnerSetup.Event("m-1", Methodology.MetroRide, 1, Clock.UtcNow.AddHours(-1)));
        SignIn(citizen);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<MyScenarios>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=revoke]")));

        page.Find("[data-testid=revoke]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=confirm-revoke]")));
        dialogs.Find("[data-testid=confirm-revoke]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-partner=cq-metro] [data-testid=delete-data]")));
        Assert.DoesNotContain("was deleted", page.Find("[data-partner=cq-metro] [data-testid=revoked-on]").TextContent);
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.PartnerEvents.CountAsync(e => e.PartnerCode == "cq-metro"));
    }

    [Fact]
    public async Task A_suspended_partner_drops_out_of_the_scenarios_but_a_link_to_it_can_still_be_revoked()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var metro = await RegisterAsync("cq-metro", "重庆轨道交通", "Chongqing Rail Transit", Methodology.MetroRide);
        await RegisterAsync("never-linked", "", "Never linked", Methodology.Walking);
        await Database.LinkAsync(Clock, metro, citizen.AccountId, "m-1");
        await using (var db = Database.CreateContext())
        {
            await PartnerSetup.Admin(db, Clock).SuspendAsync(Actors.MallAdmin, "cq-metro");
            await PartnerSetup.Admin(db, Clock).SuspendAsync(Actors.MallAdmin, "never-linked");
        }
        SignIn(citizen);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<MyScenarios>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=scenario]")));
        var paused = page.Find("[data-partner=cq-metro]");
        Assert.Equal("This platform is paused: it cannot report anything now.", paused.QuerySelector("[data-testid=partner-paused]")!.TextContent.Trim());
        paused.QuerySelector("[data-testid=revoke]")!.Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=confirm-revoke]")));
        dialogs.Find("[data-testid=confirm-revoke]").Click();

        page.WaitForAssertion(() => Assert.Equal("false", page.Find("[data-partner=cq-metro]").GetAttribute("data-linked")));
        Assert.Null(page.Find("[data-partner=cq-metro]").QuerySelector("[data-testid=link]"));
        await using var check = Database.CreateContext();
        Assert.NotNull((await check.PartnerLinks.SingleAsync(l => l.AccountId == citizen.AccountId)).RevokedAt);
    }

    private async Task<TestPartner> RegisterAsync(string code, string nameZh, string nameEn, params string[] behaviours)
    {
        await using var db = Database.CreateContext();
        var issued = await PartnerSetup.Admin(db, Clock).RegisterAsync(Actors.MallAdmin, new PartnerDraft(code, nameZh, nameEn, behaviours));
        return new TestPartner(code, issued.Secret, issued.SecretId, new PartnerIdentity(code, behaviours.ToHashSet()));
    }

    private static string Squeeze(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
