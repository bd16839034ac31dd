using Bunit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Mall;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Web;

/// <summary>A coupon's own page: its code, value and validity, where it came from and where it was used, for its owner only.</summary>
public sealed class CouponPageTests : PageTestContext
{
    [Fact]
    public async Task The_owner_sees_the_code_value_validity_and_where_the_coupon_came_from()
    {
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(Database, Clock);
        var item = await new MallBuilder().Titled("¥2 bus coupon").ValidForDays(30).BuildAsync(Database, Clock);
        var coupon = (await RedeemAsync(citizen, item.Id)).Coupon;
        SignIn(citizen);

        var page = Render<CouponPage>(p => p.Add(c => c.Id, coupon.Id));

        page.WaitForAssertion(() => Assert.Equal(coupon.Code, page.Find("[data-testid=coupon-code]").TextContent.Replace(" ", "").Trim()));
        Assert.Equal(4, page.FindAll(".coupon-code-group").Count);
        Assert.Equal("¥2.00", page.Find("[data-testid=coupon-face-value]").TextContent.Trim());
        Assert.Equal("Unused", page.Find("[data-testid=coupon-status]").TextContent.Trim());
        Assert.Contains("Valid until 2026-04-17 10:00", page.Markup);
        Assert.Equal("2026-03-18 10:00", page.Find("[data-testid=coupon-issued]").TextContent.Trim());
        Assert.Equal("¥2 bus coupon", page.Find("[data-testid=coupon-item]").TextContent.Trim());
        await using var db = Database.CreateContext();
        var batchId = await db.MallItems.Where(i => i.Id == item.Id).Select(i => i.BatchId).SingleAsync();
        Assert.Equal($"#{batchId}", page.Find("[data-testid=coupon-batch]").TextContent.Trim());
        Assert.StartsWith("Chongqing new-energy bus fleet (Chongqing Public Transport Group)", page.Find("[data-testid=coupon-project]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=coupon-use]"));
        Assert.Equal("coupons", page.Find("[data-testid=back-to-wallet]").GetAttribute("href"));
    }

    [Fact]
    public async Task An_expired_coupon_says_its_credits_are_not_given_back_and_links_back_to_the_expired_tab()
    {
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(Database, Clock);
        var item = await new MallBuilder().ValidForDays(1).BuildAsync(Database, Clock);
        var coupon = (await RedeemAsync(citizen, item.Id)).Coupon;
        Clock.Advance(TimeSpan.FromDays(2));
        SignIn(citizen);

        var page = Render<CouponPage>(p => p.Add(c => c.Id, coupon.Id));

        page.WaitForAssertion(() => Assert.Equal("Expired", page.Find("[data-testid=coupon-status]").TextContent.Trim()));
        Assert.Contains("Expired 2026-03-19 10:00, unused. The credits it cost are not given back.", page.Find("[data-testid=coupon-detail]").TextContent);
        Assert.Equal("coupons?tab=expired", page.Find("[data-testid=back-to-wallet]").GetAttribute("href"));
    }

    [Fact]
    public async Task Another_citizens_coupon_is_not_found_and_nothing_of_it_is_shown()
    {
        var owner = await new CitizenBuilder().WithCredits(20m).BuildAsync(Database, Clock);
        var nosy = await new CitizenBuilder().BuildAsync(Database, Clock);
        var item = await new MallBuilder().BuildAsync(Database, Clock);
        var coupon = (await RedeemAsync(owner, item.Id)).Coupon;
        SignIn(nosy);

        var page = Render<CouponPage>(p => p.Add(c => c.Id, coupon.Id));

        page.WaitForAssertion(() => Assert.Equal("There is no such coupon in your wallet.", page.Find("[data-testid=coupon-not-found]").TextContent.Trim()));
        Assert.DoesNotContain(coupon.Code, page.Markup);
        Assert.DoesNotContain(coupon.Code[..4], page.Markup);
        Assert.Empty(page.FindAll("[data-testid=coupon-detail]"));
    }

    [Fact]
    public async Task A_coupon_that_does_not_exist_is_not_found()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        SignIn(citizen);

        var page = Render<CouponPage>(p => p.Add(c => c.Id, long.MaxValue));

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=coupon-not-found]")));
        Assert.Equal("Coupon not found", page.Find("h1").TextContent.Trim());
    }

    private async Task<RedemptionResult> RedeemAsync(Citizen citizen, long itemId)
    {
        await using var db = Database.CreateContext();
        return await CoreServices.Redemptions(db, Clock).RedeemAsync(citizen.AccountId, itemId, Guid.NewGuid().ToString("N"));
    }
}
