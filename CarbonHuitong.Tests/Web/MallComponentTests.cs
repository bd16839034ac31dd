using System.Security.Claims;
using Bunit;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Mall;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Web;

/// <summary>The confirm dialog and the wallet, rendered against a real SQLite file.</summary>
public sealed class MallComponentTests : PageTestContext
{
    [Fact]
    public async Task Confirming_the_dialog_redeems_once_and_closes_with_the_coupon()
    {
        var citizen = await new CitizenBuilder().WithCredits(66.3m).BuildAsync(Database, Clock);
        var item = await new MallBuilder().BuildAsync(Database, Clock);
        var view = (await new MallQueries(Database.CreateContext(), Clock).GetShelfAsync()).Single();
        SignIn(citizen);
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();

        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<RedeemDialog>("Redeem", new DialogParameters<RedeemDialog>
        {
            { d => d.Item, view },
            { d => d.Balance, Credits.FromDecimal(66.3m) },
        }));

        Assert.Contains("20.00 credits", provider.Markup);
        Assert.Contains("46.30 will remain", provider.Markup);
        Assert.Equal("If the coupon expires unused, the credits it cost are not given back.",
            provider.Find("[data-testid=redeem-no-refund]").TextContent.Trim());
        provider.Find("[data-testid=confirm-redeem]").Click();
        var result = await reference!.Result;

        Assert.False(result!.Canceled);
        var redemption = Assert.IsType<RedemptionResult>(result.Data);
        Assert.Equal(46.30m, redemption.Balance.Value);
        await using var db = Database.CreateContext();
        Assert.Equal(1, await db.Coupons.CountAsync(c => c.AccountId == citizen.AccountId && c.MallItemId == item.Id));
    }

    [Fact]
    public async Task A_refusal_stays_in_the_dialog_with_its_reason_and_writes_nothing()
    {
        var citizen = await new CitizenBuilder().WithCredits(25m).BuildAsync(Database, Clock);
        await new MallBuilder().WithStock(1).BuildAsync(Database, Clock);
        var view = (await new MallQueries(Database.CreateContext(), Clock).GetShelfAsync()).Single();
        var rival = await new CitizenBuilder().WithCredits(25m).BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
            await CoreServices.Redemptions(db, Clock).RedeemAsync(rival.AccountId, view.Id, "rival");
        SignIn(citizen);
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<RedeemDialog>("Redeem", new DialogParameters<RedeemDialog>
        {
            { d => d.Item, view },
            { d => d.Balance, Credits.FromDecimal(25m) },
        }));

        provider.Find("[data-testid=confirm-redeem]").Click();

        provider.WaitForAssertion(() => Assert.Contains("sold out", provider.Find("[data-testid=redeem-error]").TextContent));
        Assert.True(provider.Find("[data-testid=confirm-redeem]").HasAttribute("disabled"));
        await using var check = Database.CreateContext();
        Assert.Equal(0, await check.Coupons.CountAsync(c => c.AccountId == citizen.AccountId));
        Assert.Equal(2500, await check.CarbonAccounts.Where(a => a.Id == citizen.AccountId).Select(a => a.BalanceHundredths).SingleAsync());
    }

    [Fact]
    public async Task The_wallet_opens_on_unused_soonest_expiry_first_and_each_tab_shows_its_own_coupons_and_count()
    {
        var citizen = await new CitizenBuilder().WithCredits(200m).BuildAsync(Database, Clock);
        var shortLived = await new MallBuilder().Titled("Short-lived coupon").ValidForDays(3).BuildAsync(Database, Clock);
        var longLived = await new MallBuilder().Titled("Long-lived coupon").ValidForDays(30).BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            var redemptions = CoreServices.Redemptions(db, Clock);
            await redemptions.RedeemAsync(citizen.AccountId, longLived.Id, "long");
            await redemptions.RedeemAsync(citizen.AccountId, shortLived.Id, "will-expire");
            await redemptions.RedeemAsync(citizen.AccountId, longLived.Id, "will-be-used");
            Clock.Advance(TimeSpan.FromDays(1));
            await redemptions.RedeemAsync(citizen.AccountId, shortLived.Id, "short");
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE Coupons SET Status = 'Used', UsedAt = {0}, UsedLineId = '871' WHERE RequestId = 'will-be-used'", Clock.UtcNow);
            Clock.Advance(TimeSpan.FromDays(2.5));
        }
        SignIn(citizen);

        var page = Render<MyCoupons>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=coupon]").Count));
        Assert.Equal(["Unused (2)", "Used (1)", "Expired (1)"], page.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
        var cards = page.FindAll("[data-testid=coupon]");
        Assert.Equal(["Unused", "Unused"], cards.Select(c => c.GetAttribute("data-status")));
        Assert.Contains("Short-lived coupon", cards[0].TextContent);
        Assert.Contains("Long-lived coupon", cards[1].TextContent);

        page.FindAll(".mud-tab")[1].Click();
        page.WaitForAssertion(() => Assert.Equal(["Used"], page.FindAll("[data-testid=coupon]").Select(c => c.GetAttribute("data-status"))));
        Assert.Contains("on line 871", page.Find("[data-testid=coupon]").TextContent);

        page.FindAll(".mud-tab")[2].Click();
        page.WaitForAssertion(() => Assert.Equal(["Expired"], page.FindAll("[data-testid=coupon]").Select(c => c.GetAttribute("data-status"))));
        Assert.Contains("Short-lived coupon", page.Find("[data-testid=coupon]").TextContent);
        await using var check = Database.CreateContext();
        var expiredId = await check.Coupons.Where(c => c.RequestId == "will-expire").Select(c => c.Id).SingleAsync();
        Assert.Equal($"coupons/{expiredId}", page.Find("[data-testid=coupon-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task A_long_tab_shows_ten_coupons_a_page_and_the_next_page_on_request()
    {
        var citizen = await new CitizenBuilder().WithCredits(220m).BuildAsync(Database, Clock);
        var item = await new MallBuilder().BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            for (var coupon = 0; coupon < 11; coupon++)
                await CoreServices.Redemptions(db, Clock).RedeemAsync(citizen.AccountId, item.Id, $"coupon-{coupon}");
        }
        SignIn(citizen);

        var page = Render<MyCoupons>();

        page.WaitForAssertion(() => Assert.Equal(WalletTab.PageSize, page.FindAll("[data-testid=coupon]").Count));
        Assert.Equal("Unused (11)", page.FindAll(".mud-tab")[0].TextContent.Trim());
        page.Find("[data-testid=wallet-pages] button[aria-label='Next page']").Click();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=coupon]")));
    }

    [Fact]
    public async Task An_empty_wallet_points_to_the_mall_without_a_price_when_the_shelf_is_empty()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        SignIn(citizen);

        var page = Render<MyCoupons>();

        page.WaitForAssertion(() => Assert.Contains("Your wallet is empty.", page.Find("[data-testid=empty-wallet]").TextContent));
        Assert.DoesNotContain("credits buy", page.Find("[data-testid=empty-wallet]").TextContent);
        Assert.NotNull(page.Find("[data-testid=empty-wallet] a[href=mall]"));
    }

    [Fact]
    public async Task An_empty_wallet_quotes_the_price_of_the_cheapest_bus_coupon_on_the_shelf()
    {
        await new MallBuilder().Priced(30m).BuildAsync(Database, Clock);
        await new MallBuilder().Priced(25m).WithFaceValue(new Fen(3_00)).BuildAsync(Database, Clock);
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        SignIn(citizen);

        var page = Render<MyCoupons>();

        page.WaitForAssertion(() => Assert.Contains("Your wallet is empty. 25 credits buy a 3-yuan bus coupon in the points mall.",
            page.Find("[data-testid=empty-wallet]").TextContent));
    }
}
