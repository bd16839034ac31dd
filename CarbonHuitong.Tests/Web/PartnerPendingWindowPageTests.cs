using Bunit;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Partners;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace CarbonHuitong.Tests.Web;

/// <summary>On /admin/partners each partner's pending window shows, and a mall administrator changes it within 1 to 2,160 hours, audited.</summary>
public sealed class PartnerPendingWindowPageTests : PageTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Actors.MallAdmin);
    }

    [Fact]
    public async Task An_administrator_sees_the_default_window_and_sets_another_and_a_window_out_of_range_is_refused_with_the_limits()
    {
        await new PartnerBuilder().Coded("takeaway").BuildAsync(Database, Clock);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PartnersPage>();
        page.WaitForAssertion(() => Assert.Equal("72 hours (3 days)", page.Find("[data-testid=pending-window]").TextContent.Trim()));

        page.Find("[data-testid=change-pending-window]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=pending-window-dialog]")));
        foreach (var outOfRange in new[] { "0", "2161", "" })
        {
            Hours(dialogs).Change(outOfRange);
            dialogs.Find("[data-testid=pending-window-save]").Click();
            dialogs.WaitForAssertion(() => Assert.Contains("A pending window is 1 to 2,160 hours (90 days).", dialogs.Markup));
        }
        Assert.Equal(Partner.DefaultPendingWindowHours, await WindowAsync());

        Hours(dialogs).Change("48");
        dialogs.Find("[data-testid=pending-window-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("48 hours (2 days)", page.Find("[data-testid=pending-window]").TextContent.Trim()));
        Assert.Equal(48, await WindowAsync());
        await using var db = Database.CreateContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "partner.pending-window" && a.EntityId == "takeaway");
        Assert.Equal(Actors.MallAdmin.UserId, audit.ActorUserId);
    }

    [Theory]
    [InlineData(1, "1 hour")]
    [InlineData(24, "24 hours (1 day)")]
    [InlineData(36, "36 hours")]
    [InlineData(2160, "2,160 hours (90 days)")]
    public void A_window_reads_in_hours_and_in_days_when_it_is_whole_days(int hours, string text) =>
        Assert.Equal(text, PartnerWording.PendingWindow(hours));

    private static AngleSharp.Dom.IElement Hours(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.Find("input[data-testid=pending-window-hours], [data-testid=pending-window-hours] input");

    private async Task<int> WindowAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Partners.Where(p => p.Code == "takeaway").Select(p => p.PendingWindowHours).SingleAsync();
    }
}
