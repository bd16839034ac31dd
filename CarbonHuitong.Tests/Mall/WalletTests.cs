using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Mall;

public sealed class WalletTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task The_wallet_lists_unused_coupons_soonest_expiry_first_then_used_latest_first_then_expired()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(200m).BuildAsync(database, _clock);
        var redeemedAt = _clock.UtcNow;
        // Redeemed in an order that matches none of the wallet's, so the wallet has to sort them.
        var expired1 = await RedeemAsync(database, citizen, "expired on day 1", validDays: 1);
        var unused40 = await RedeemAsync(database, citizen, "unused, 40 days", validDays: 40);
        var used3 = await RedeemAsync(database, citizen, "used on day 3", validDays: 30);
        var unused15 = await RedeemAsync(database, citizen, "unused, 15 days", validDays: 15);
        var usedThenExpired = await RedeemAsync(database, citizen, "used in hour 12, since past its expiry", validDays: 1);
        var expired2 = await RedeemAsync(database, citizen, "expired on day 2", validDays: 2);
        var used5 = await RedeemAsync(database, citizen, "used on day 5", validDays: 30);
        var unused20 = await RedeemAsync(database, citizen, "unused, 20 days", validDays: 20);
        await MarkUsedAsync(database, used3, redeemedAt.AddDays(3));
        await MarkUsedAsync(database, usedThenExpired, redeemedAt.AddHours(12));
        await MarkUsedAsync(database, used5, redeemedAt.AddDays(5));
        _clock.SetUtcNow(redeemedAt.AddDays(10));

        await using var db = database.CreateContext();
        var wallet = await new MallQueries(db, _clock).GetWalletAsync(citizen.AccountId);

        Assert.Equal([unused15, unused20, unused40, used5, used3, usedThenExpired, expired2, expired1], wallet.Select(c => c.Id));
        Assert.Equal(
            [CouponStatus.Unused, CouponStatus.Unused, CouponStatus.Unused, CouponStatus.Used, CouponStatus.Used, CouponStatus.Used,
             CouponStatus.Expired, CouponStatus.Expired],
            wallet.Select(c => c.Status));
        Assert.Equal("871", wallet[3].UsedLineId);
        Assert.Equal(redeemedAt.AddDays(5), wallet[3].UsedAt);
    }

    [Fact]
    public async Task A_citizen_cannot_find_or_see_another_citizens_coupon()
    {
        await using var database = await TestDatabase.CreateAsync();
        var owner = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var other = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var couponId = await RedeemAsync(database, owner, "¥2 bus coupon", validDays: 30);

        await using var db = database.CreateContext();
        var mall = new MallQueries(db, _clock);

        Assert.Null(await mall.FindCouponAsync(other.AccountId, couponId));
        Assert.Empty(await mall.GetWalletAsync(other.AccountId));
        Assert.NotNull(await mall.FindCouponAsync(owner.AccountId, couponId));
    }

    private async Task<long> RedeemAsync(TestDatabase database, Citizen citizen, string title, int validDays)
    {
        var item = await new MallBuilder().Titled(title).ValidForDays(validDays).BuildAsync(database, _clock);
        return (await database.RedeemAsync(_clock, citizen.AccountId, item.Id, title)).Coupon.Id;
    }

    /// <summary>Until the ride scan exists, a coupon is used by hand, as the scan will record it.</summary>
    private static async Task MarkUsedAsync(TestDatabase database, long couponId, DateTime usedAtUtc)
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync($"UPDATE Coupons SET Status = 'Used', UsedAt = {usedAtUtc}, UsedLineId = '871' WHERE Id = {couponId}");
    }
}
