using Bunit;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Claims;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Claims;
using CarbonHuitong.Web.Components.Pages.Mall;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CarbonHuitong.Tests.Web;

/// <summary>The claims pages against a real SQLite file: the administrators decide and correct, the citizen reads the outcome.</summary>
public sealed class ClaimPagesTests : PageTestContext
{
    [Fact]
    public async Task An_administrator_approves_a_claim_from_the_queue_with_credits_and_a_reason_and_the_queue_empties()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var filed = await Database.FileAsync(Clock, citizen.AccountId, ClaimSetup.MissingRide(Clock.UtcNow.AddDays(-2)));
        SignIn(Actors.MallAdmin);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ClaimsAdmin>();
        page.WaitForAssertion(() => Assert.Contains(ClaimSetup.Why, page.Find("[data-testid=open-claims]").TextContent));

        page.Find("[data-testid=approve-claim]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(Field(dialogs, "grant-credits")));
        Field(dialogs, "grant-credits").Change("1.10");
        Field(dialogs, "decision-reason").Change("Found in the bus log");
        dialogs.Find("[data-testid=confirm-decision]").Click();

        page.WaitForAssertion(() => Assert.Contains("No claims are waiting.", page.Find("[data-testid=open-claims]").TextContent));
        await using var db = Database.CreateContext();
        var claim = await db.Claims.SingleAsync();
        Assert.Equal((ClaimStatus.Approved, 110L, "Found in the bus log"), (claim.Status, claim.GrantedHundredths, claim.DecisionReason));
        Assert.Equal(110, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(NotificationKind.ClaimApproved, (await db.Notifications.SingleAsync()).Kind);
        Assert.Equal(filed.Claim.Id, claim.Id);
    }

    [Fact]
    public async Task A_rejection_asks_for_a_reason_before_anything_is_decided()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await Database.FileAsync(Clock, citizen.AccountId, ClaimSetup.MissingRide(Clock.UtcNow.AddDays(-2)));
        SignIn(Actors.MallAdmin);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ClaimsAdmin>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reject-claim]")));

        page.Find("[data-testid=reject-claim]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=confirm-decision]")));
        dialogs.Find("[data-testid=confirm-decision]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Give the citizen a reason.", dialogs.Markup));
        await using var db = Database.CreateContext();
        Assert.Equal(ClaimStatus.Open, (await db.Claims.SingleAsync()).Status);
    }

    [Fact]
    public async Task Freezing_an_account_and_clawing_back_more_than_it_holds_show_the_freeze_and_the_shortfall()
    {
        var citizen = await new CitizenBuilder().Named("suspect").WithCredits(30m).BuildAsync(Database, Clock);
        SignIn(Actors.MallAdmin);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AccountsPage>();
        page.WaitForAssertion(() => Assert.Contains("suspect@example.test", page.Find("[data-testid=accounts]").TextContent));

        page.Find("[data-testid=freeze]").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(Field(dialogs, "account-action-reason")));
        Field(dialogs, "account-action-reason").Change("Rides from two cities at once");
        dialogs.Find("[data-testid=confirm-account-action]").Click();
        page.WaitForAssertion(() => Assert.Contains("Rides from two cities at once", page.Find("[data-testid=account-status]").TextContent));

        page.Find("[data-testid=claw-back]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("The balance is 30.00", dialogs.Markup));
        Field(dialogs, "claw-back-credits").Change("50");
        Field(dialogs, "account-action-reason").Change("Rides proven forged");
        dialogs.Find("[data-testid=confirm-account-action]").Click();

        page.WaitForAssertion(() => Assert.Contains("Shortfall of 20.00 credits recorded.", page.Find("[data-testid=claw-back-outcome]").TextContent));
        page.WaitForAssertion(() => Assert.Contains("20.00", page.Find("[data-testid=shortfall-total]").TextContent));
        Assert.Contains("Rides proven forged", page.Find("[data-testid=shortfalls]").TextContent);
        await using var db = Database.CreateContext();
        Assert.Equal(0, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
    }

    [Fact]
    public async Task The_citizen_reads_a_decided_claim_with_its_reason_and_the_credits_it_added()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        var filed = await Database.FileAsync(Clock, citizen.AccountId, ClaimSetup.MissingRide(Clock.UtcNow.AddDays(-2)));
        await Database.ApproveAsync(Clock, filed.Claim.Id, 1.10m, "Found in the bus log");
        SignIn(citizen);

        var page = Render<MyClaims>();

        page.WaitForAssertion(() => Assert.Contains("Claim approved: 1.10 credits added.", page.Find("[data-testid=claim-status]").TextContent));
        Assert.Contains("Found in the bus log", page.Find("[data-testid=claim-reason]").TextContent);
        Assert.Contains("Tell us within 7 days", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=account-frozen]"));
    }

    [Fact]
    public async Task A_frozen_citizen_sees_the_reason_and_a_redemption_says_the_account_is_frozen()
    {
        var citizen = await new CitizenBuilder().WithCredits(30m).BuildAsync(Database, Clock);
        await new MallBuilder().BuildAsync(Database, Clock);
        await Database.FreezeAsync(Clock, citizen.AccountId, "Rides from two cities at once");
        SignIn(citizen);
        var item = (await new MallQueries(Database.CreateContext(), Clock).GetShelfAsync()).Single();

        var banner = Render<FrozenAccountBanner>();
        var provider = Render<MudDialogProvider>();
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<RedeemDialog>("Redeem",
            new DialogParameters<RedeemDialog> { { d => d.Item, item }, { d => d.Balance, Credits.FromDecimal(30m) } }));
        provider.Find("[data-testid=confirm-redeem]").Click();

        banner.WaitForAssertion(() => Assert.Contains("Reason: Rides from two cities at once", banner.Find("[data-testid=account-frozen]").TextContent));
        provider.WaitForAssertion(() => Assert.Contains("frozen", provider.Find("[data-testid=redeem-error]").TextContent));
    }

    /// <summary>A MudBlazor field's own input or textarea, which carries the field's data-testid.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string testId) =>
        dialogs.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");
}
