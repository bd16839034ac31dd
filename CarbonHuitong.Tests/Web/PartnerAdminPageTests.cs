using System.Text;
using Bunit;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Partners;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace CarbonHuitong.Tests.Web;

/// <summary>The partners' admin pages, against a real SQLite file: registration, the secret shown once, rotation, figures.</summary>
public sealed class PartnerAdminPageTests : PageTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Actors.MallAdmin);
    }

    [Fact]
    public async Task Registering_a_partner_shows_its_secret_once_and_the_secret_signs_its_calls()
    {
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PartnersPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=register-partner]")));

        Type(page, "partner-code", "cq-metro");
        Type(page, "partner-name-zh", "重庆轨道交通");
        Type(page, "partner-name-en", "Chongqing Rail Transit");
        Tick(page, $"partner-behaviour-{Methodology.MetroRide}");
        page.Find("[data-testid=register-partner]").Click();

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=partner-secret]")));
        var secret = dialogs.Find("[data-testid=partner-secret]").TextContent.Trim();
        Assert.Contains("will not be shown again", dialogs.Markup);
        Assert.True(await SignsForAsync("cq-metro", secret));
        page.WaitForAssertion(() => Assert.Contains("cq-metro", page.Find("[data-testid=partners]").TextContent));
        Assert.Contains("Metro ride", page.Find("[data-testid=partners]").TextContent);
        await using (var db = Database.CreateContext())
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "partner.register" && a.EntityId == "cq-metro"));

        dialogs.Find("[data-testid=secret-done]").Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain(secret, dialogs.Markup));
        Assert.DoesNotContain(secret, page.Markup);
        Assert.DoesNotContain(secret, Render<PartnersPage>().Markup);
    }

    [Fact]
    public async Task A_new_secret_is_shown_once_beside_the_old_one_which_can_then_be_retired()
    {
        var partner = await new PartnerBuilder().Coded("bike-share").BuildAsync(Database, Clock);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PartnersPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=partner-secret-row]")));
        Assert.Empty(page.FindAll("[data-testid=retire-secret]"));

        page.Find("[data-testid=rotate-secret]").Click();

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=partner-secret]")));
        var rotated = dialogs.Find("[data-testid=partner-secret]").TextContent.Trim();
        Assert.NotEqual(partner.Secret, rotated);
        Assert.True(await SignsForAsync("bike-share", rotated));
        Assert.True(await SignsForAsync("bike-share", partner.Secret));
        dialogs.Find("[data-testid=secret-done]").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=partner-secret-row]").Count));
        Assert.Equal(2, page.FindAll("[data-testid=retire-secret]").Count);

        page.FindAll("[data-testid=retire-secret]")[0].Click();
        dialogs.WaitForAssertion(() => Assert.Contains("signed with this secret are refused", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Retire").Click();

        page.WaitForAssertion(() => Assert.Contains("retired 2026-03-18 10:00", page.FindAll("[data-testid=partner-secret-row]")[0].TextContent));
        Assert.False(await SignsForAsync("bike-share", partner.Secret));
        Assert.True(await SignsForAsync("bike-share", rotated));
    }

    [Fact]
    public async Task Suspending_and_resuming_a_partner_shows_its_status_and_a_refusal_reads_as_a_message()
    {
        await new PartnerBuilder().Coded("takeaway").BuildAsync(Database, Clock);
        var page = Render<PartnersPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=suspend]")));

        page.Find("[data-testid=suspend]").Click();
        page.WaitForAssertion(() => Assert.Contains("Suspended", page.Find("[data-testid=partner-status]").TextContent));
        page.Find("[data-testid=resume]").Click();
        page.WaitForAssertion(() => Assert.Contains("Active", page.Find("[data-testid=partner-status]").TextContent));

        Type(page, "partner-code", "takeaway");
        Type(page, "partner-name-en", "Another takeaway");
        Tick(page, $"partner-behaviour-{Methodology.TakeawayWithoutUtensils}");
        page.Find("[data-testid=register-partner]").Click();

        page.WaitForAssertion(() => Assert.Equal("A partner with code 'takeaway' is already registered.",
            page.Find("[data-testid=register-partner-error]").TextContent.Trim()));
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Partners.CountAsync());
    }

    [Fact]
    public async Task A_partner_needs_a_name_in_one_language_and_a_behaviour_before_anything_is_sent()
    {
        var page = Render<PartnersPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=register-partner]")));

        Type(page, "partner-code", "nameless");
        page.Find("[data-testid=register-partner]").Click();

        page.WaitForAssertion(() => Assert.Contains("Give a Chinese name, an English name or both.", page.Markup));
        Assert.Contains("Pick at least one behaviour.", page.Markup);
        await using var db = Database.CreateContext();
        Assert.Equal(0, await db.Partners.CountAsync());
    }

    [Fact]
    public async Task The_figures_show_each_days_events_by_outcome_for_the_chosen_period()
    {
        var metro = await new PartnerBuilder().Coded("cq-metro").BuildAsync(Database, Clock);
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await Database.LinkAsync(Clock, metro, citizen.AccountId, "m-1");
        var ride = PartnerSetup.Event("m-1", Methodology.MetroRide, 1, Clock.UtcNow.AddHours(-1), "ride-1");
        await Database.SendAsync(Clock, metro, ride, PartnerSetup.Event("stranger", Methodology.MetroRide, 1, Clock.UtcNow.AddHours(-1)));
        await Database.SendAsync(Clock, metro, ride);

        var page = Render<PartnerFiguresPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=partner-figures] tbody tr").Count));
        var rows = page.FindAll("[data-testid=partner-figures] tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Accepted in full") && r.Contains("4.73") && r.Contains("2026-03-18"));
        Assert.Contains(rows, r => r.Contains("Duplicate"));
        Assert.Contains(rows, r => r.Contains("Refused: not linked"));
        Assert.NotNull(page.Find("[data-testid=figures-chart]"));
        Assert.Equal("admin/reports/partners.csv?from=2026-03-05&to=2026-03-18", page.Find("[data-testid=partners-csv]").GetAttribute("href"));
    }

    /// <summary>Types into the MudBlazor text field marked with <paramref name="testId"/>, as the administrator would.</summary>
    private static void Type(IRenderedComponent<PartnersPage> page, string testId, string text) => Input(page, testId).Change(text);

    private static void Tick(IRenderedComponent<PartnersPage> page, string testId) => Input(page, testId).Change(true);

    private static AngleSharp.Dom.IElement Input(IRenderedComponent<PartnersPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private async Task<bool> SignsForAsync(string partnerCode, string secret)
    {
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes("{\"events\":[]}");
        var signature = PartnerSignatures.Sign(secret, timestamp, "POST", "/api/partners/events", body);
        await using var db = Database.CreateContext();
        try
        {
            await PartnerSetup.Signatures(db, Clock).VerifyAsync(partnerCode, timestamp, signature, "POST", "/api/partners/events", body);
            return true;
        }
        catch (DomainException refusal) when (refusal.Code == ErrorCodes.InvalidSignature)
        {
            return false;
        }
    }
}
