namespace CarbonHuitong.Tests.Support;

/// <summary>
/// What must hold after any mix of redemptions, checked with plain SQL: every balance is the sum of its entries,
/// and coupons and their Spend entries pair up one to one.
/// </summary>
public static class MallInvariants
{
    public static async Task AssertHoldAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.CountAccountsOffTheirEntriesAsync());
        Assert.Equal(await db.CountCouponsAsync(), await db.CountCouponSpendsAsync());
        Assert.Equal(0, await db.CountCouponsWithoutTheirSpendAsync());
        Assert.Equal(0, await db.CountSpendsWithoutTheirCouponAsync());
    }
}
