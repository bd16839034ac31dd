namespace CarbonHuitong.Tests.Support;

/// <summary>
/// What must hold after any mix of scans, checked with plain SQL: every balance is the sum of its entries, rides and
/// their Earn entries pair up one to one, and every used coupon was applied by exactly one ride.
/// </summary>
public static class TransitInvariants
{
    public static async Task AssertHoldAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.CountAccountsOffTheirEntriesAsync());
        Assert.Equal(0, await db.CountRidesWithoutTheirEarnAsync());
        Assert.Equal(0, await db.CountTransitEarnsWithoutTheirRideAsync());
        Assert.Equal(0, await db.CountCouponsOffTheirRideAsync());
    }
}
