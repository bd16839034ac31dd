using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Mall;

/// <summary>Nothing marks a coupon Expired: it reads as Expired from its expiry instant on.</summary>
public sealed class CouponExpiryTests
{
    private readonly TestClock _clock = new();

    [Theory]
    [InlineData(-1, CouponStatus.Unused, 1)]
    [InlineData(0, CouponStatus.Expired, 0)]
    [InlineData(86_400, CouponStatus.Expired, 0)]
    public async Task A_coupon_is_unused_until_the_second_before_its_expiry_and_expired_from_the_expiry_instant_on(
        int secondsFromExpiry, CouponStatus expected, int unusedCount)
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await new MallBuilder().ValidForDays(30).BuildAsync(database, _clock);
        var coupon = (await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1")).Coupon;
        _clock.SetUtcNow(coupon.ExpiresAt.AddSeconds(secondsFromExpiry));

        await using var db = database.CreateContext();
        var mall = new MallQueries(db, _clock);

        Assert.Equal(expected, Assert.Single(await mall.GetWalletAsync(citizen.AccountId)).Status);
        Assert.Equal(expected, (await mall.FindCouponAsync(citizen.AccountId, coupon.Id))!.Status);
        Assert.Equal(unusedCount, await mall.CountUnusedAsync(citizen.AccountId, CouponKind.BusCoupon));
    }
}
