using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Mall;

public sealed class RedemptionTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task Redeeming_spends_the_price_takes_one_unit_of_stock_and_issues_a_coupon_paid_by_that_spend()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(50m).BuildAsync(database, _clock);
        var item = await new MallBuilder().Titled("¥2 bus coupon").Priced(20m).WithFaceValue(new Fen(200)).WithStock(100)
            .ValidForDays(30).BuildAsync(database, _clock);

        var result = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1");

        await using var db = database.CreateContext();
        var coupon = await db.Coupons.AsNoTracking().SingleAsync();
        var spend = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.Kind == LedgerEntryKind.Spend);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{16}$", coupon.Code);
        Assert.Equal(citizen.AccountId, coupon.AccountId);
        Assert.Equal(item.Id, coupon.MallItemId);
        Assert.Equal("¥2 bus coupon", coupon.Title.En);
        Assert.Equal(new Fen(200), coupon.FaceValue);
        Assert.Equal(_clock.UtcNow, coupon.IssuedAt);
        Assert.Equal(_clock.UtcNow.AddDays(30), coupon.ExpiresAt);
        Assert.Equal(CouponStatus.Unused, coupon.Status);
        Assert.Equal("request-1", coupon.RequestId);
        Assert.Equal(spend.Id, coupon.SpendEntryId);

        Assert.Equal(citizen.AccountId, spend.AccountId);
        Assert.Equal(-2_000, spend.CreditHundredths);
        Assert.Equal(coupon.Code, spend.Reference);
        Assert.Equal("¥2 bus coupon", spend.Description);
        Assert.Equal(3_000, spend.BalanceAfterHundredths);

        Assert.Equal(99, await db.StockLeftAsync(item.Id));
        var onAccount = await db.AccountTotalsAsync(citizen.AccountId);
        Assert.Equal(new LedgerTotals(3_000, 0, 2_000, 0, 0), onAccount);
        Assert.Equal(await db.SumEntriesAsync(citizen.AccountId), onAccount);

        Assert.False(result.Replayed);
        Assert.Equal(Credits.FromDecimal(30m), result.Balance);
        Assert.Equal(new CouponView(coupon.Id, coupon.Code, CouponKind.BusCoupon, BilingualText.Of(null, "¥2 bus coupon"), new Fen(200), CouponStatus.Unused,
            coupon.IssuedAt, coupon.ExpiresAt, null, null, null), result.Coupon);
        await MallInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task A_coupon_expires_its_valid_days_after_redemption_when_the_items_end_date_is_later()
    {
        var endDate = _clock.UtcNow.AddDays(60);

        var coupon = await RedeemThreeHoursAfterListingAsync(new MallBuilder().ValidForDays(7).ValidUntil(endDate));

        Assert.Equal(_clock.UtcNow.AddDays(7), coupon.ExpiresAt);
    }

    [Fact]
    public async Task A_coupon_expires_at_the_items_end_date_when_that_comes_before_its_valid_days_run_out()
    {
        var endDate = _clock.UtcNow.AddDays(10);

        var coupon = await RedeemThreeHoursAfterListingAsync(new MallBuilder().ValidForDays(30).ValidUntil(endDate));

        Assert.Equal(endDate, coupon.ExpiresAt);
    }

    [Fact]
    public async Task A_coupon_of_an_item_with_only_an_end_date_expires_at_that_date()
    {
        var endDate = _clock.UtcNow.AddDays(10);

        var coupon = await RedeemThreeHoursAfterListingAsync(new MallBuilder().ValidForDays(null).ValidUntil(endDate));

        Assert.Equal(endDate, coupon.ExpiresAt);
    }

    [Fact]
    public async Task Every_redemption_issues_a_coupon_with_its_own_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((await database.RedeemAsync(_clock, citizen.AccountId, item.Id, $"request-{i}")).Coupon.Code);
        }

        Assert.All(codes, code => Assert.Equal(Coupon.CodeLength, code.Length));
        Assert.Equal(5, codes.Distinct().Count());
        await MallInvariants.AssertHoldAsync(database);
    }

    /// <summary>The coupon as stored, after checking the redemption reported the same expiry.</summary>
    private async Task<Coupon> RedeemThreeHoursAfterListingAsync(MallBuilder listing)
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await listing.BuildAsync(database, _clock);
        _clock.Advance(TimeSpan.FromHours(3));

        var result = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1");

        await using var db = database.CreateContext();
        var coupon = await db.Coupons.AsNoTracking().SingleAsync();
        Assert.Equal(coupon.ExpiresAt, result.Coupon.ExpiresAt);
        return coupon;
    }
}
