using CarbonHuitong.Core;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Government;

/// <summary>Coupons redeemed and used at a ride, counted in the district of the citizen who did it, on both stores.</summary>
public abstract class DistrictCouponTests(ITestStores stores)
{
    private const string Yubei = "500112";
    private const string Jiangbei = "500105";
    private const string Wanzhou = "500101";
    private const string Fuling = "500102";
    private static readonly Actor Regulator = new("regulator", "regulator@example.test", [Roles.Regulator], null);
    private static readonly DateOnly March = new(2026, 3, 1);
    private readonly TestClock _clock = new(new DateTimeOffset(ChinaTime.Utc(2026, 3, 18, 10, 0), TimeSpan.Zero));

    /// <summary>
    /// Each citizen of the district rides once without a coupon, the first <paramref name="redeeming"/> redeem a ¥2 coupon,
    /// and the first <paramref name="using"/> of those ride again on it.
    /// </summary>
    private async Task DistrictAsync(TestStore database, Validator validator, long itemId, string district, int citizens, int redeeming, int @using)
    {
        for (var i = 0; i < citizens; i++)
        {
            var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
            await using (var db = database.CreateContext()) await new CitizenDistricts(db).SetAsync(citizen.AccountId, district);
            Assert.False((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).CouponApplied);
            if (i >= redeeming) continue;
            await database.RedeemAsync(_clock, citizen.AccountId, itemId, $"{district}-{i}");
            if (i < @using) Assert.True((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).CouponApplied);
        }
    }

    [SkippableFact]
    public async Task Coupons_redeemed_and_used_count_in_their_district_and_add_up_to_the_platforms()
    {
        await using var database = await stores.CreateAsync();
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        var item = await new MallBuilder().Priced(20m).WithFaceValue(new Fen(200)).WithStock(100).BuildAsync(database, _clock);
        await DistrictAsync(database, validator, item.Id, Yubei, citizens: 12, redeeming: 7, @using: 4);
        await DistrictAsync(database, validator, item.Id, Jiangbei, citizens: 11, redeeming: 3, @using: 2);
        await DistrictAsync(database, validator, item.Id, Wanzhou, citizens: 2, redeeming: 2, @using: 1);
        await DistrictAsync(database, validator, item.Id, Fuling, citizens: 9, redeeming: 2, @using: 1);

        var reading = database.CreateContext();
        var statistics = new RegionalStatistics(reading, new ActiveCitizenCounts(reading), Options.Create(new GovernmentOptions { MinimumCellCitizens = 10 }));
        var table = await statistics.DistrictsAsync(Regulator, new MonthRange(March, March));

        Assert.Equal<(long?, long?)>((7, 4), Coupons(Row(table, Yubei)));
        Assert.Equal<(long?, long?)>((3, 2), Coupons(Row(table, Jiangbei)));
        // Wanzhou and Fuling are too small alone, not together.
        Assert.True(Row(table, Wanzhou).Suppressed && Row(table, Fuling).Suppressed);
        Assert.Equal<(long?, long?)>((4, 2), Coupons(table.Other));
        await using var db = database.CreateContext();
        var redeemed = await db.Coupons.LongCountAsync();
        var used = await db.Rides.LongCountAsync(r => r.CouponId != null);
        Assert.Equal((14L, 8L), (redeemed, used));
        Assert.Equal<(long?, long?)>((redeemed, used), Coupons(table.Total));
        Assert.Equal(used, await db.Coupons.LongCountAsync(c => c.Status == CouponStatus.Used));
        Assert.Equal(table.Total.CouponsRedeemed, table.Rows.Sum(r => r.CouponsRedeemed ?? 0) + table.Other.CouponsRedeemed);
        Assert.Equal(table.Total.CouponsUsed, table.Rows.Sum(r => r.CouponsUsed ?? 0) + table.Other.CouponsUsed);
        Assert.Equal(await db.DailyReductions.SumAsync(d => d.Milligrams), table.Total.Milligrams);
    }

    private static DistrictRow Row(DistrictTable table, string code) => table.Rows.Single(r => r.DistrictCode == code);

    private static (long? Redeemed, long? Used) Coupons(DistrictRow row) => (row.CouponsRedeemed, row.CouponsUsed);
}

public sealed class DistrictCouponTestsOnSqlite() : DistrictCouponTests(SqliteTestStores.Instance)
{
}

public sealed class DistrictCouponTestsOnPostgres(PostgresTestStores postgres) : DistrictCouponTests(postgres), IClassFixture<PostgresTestStores>
{
}
