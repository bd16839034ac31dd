using CarbonHuitong.Core;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Funding;

/// <summary>"Valid through 31 December" means usable all of 31 December in China, and reads as 31 December again.</summary>
public sealed class ValidThroughTests
{
    private static readonly DateOnly NewYearsEve = new(2026, 12, 31);
    private readonly TestClock _clock = new();

    [Fact]
    public void Valid_through_a_China_day_ends_at_the_next_China_midnight_and_reads_as_that_day()
    {
        var end = PlatformTime.EndOfChinaDay(NewYearsEve);

        Assert.Equal(new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc), end);
        Assert.Equal(NewYearsEve, PlatformTime.LastChinaDayBefore(end));
        Assert.Equal(NewYearsEve, PlatformTime.LastChinaDayBefore(ChinaTime.Utc(2026, 12, 31, 23, 59)));
    }

    [Fact]
    public async Task A_batch_valid_through_31_December_is_stored_as_the_end_of_that_day_and_its_coupons_work_until_midnight()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var itemId = await database.PutOnShelfAsync(_clock, projectId,
            Batches.TwoYuanCoupons(10, validDays: null, validUntil: PlatformTime.EndOfChinaDay(NewYearsEve)));
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        _clock.SetUtcNow(ChinaTime.Utc(2026, 12, 31, 23, 30));

        var redeemed = await database.AsRequestAsync(_clock, s => s.Redemptions.RedeemAsync(citizen.AccountId, itemId, "late"));

        await using var db = database.CreateContext();
        var item = await db.MallItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
        Assert.Equal(NewYearsEve, PlatformTime.LastChinaDayBefore(item.ValidUntil!.Value));
        Assert.Equal(NewYearsEve, PlatformTime.LastChinaDayBefore(redeemed.Coupon.ExpiresAt));
        Assert.Equal(CouponStatus.Unused, redeemed.Coupon.Status);
        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 0, 0));
        var wallet = await database.AsRequestAsync(_clock, s => s.Mall.GetWalletAsync(citizen.AccountId));
        Assert.Equal(CouponStatus.Expired, Assert.Single(wallet).Status);
    }
}
