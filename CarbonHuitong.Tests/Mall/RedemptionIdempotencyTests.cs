using CarbonHuitong.Core;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Mall;

/// <summary>A retry or a double click carries the same request id and must not buy a second coupon.</summary>
public abstract class RedemptionIdempotencyTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Redeeming_again_with_the_same_request_id_returns_the_same_coupon_and_spends_once()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        var first = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "double-click");
        _clock.Advance(TimeSpan.FromMinutes(1));
        var again = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "double-click");

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.Coupon, again.Coupon);
        Assert.Equal(Credits.FromDecimal(80m), again.Balance);
        await AssertOneCouponBoughtAsync(database, citizen, item.Id);
    }

    [SkippableFact]
    public async Task Ten_parallel_redemptions_with_one_request_id_issue_one_coupon_and_replay_it_nine_times()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        var results = await Redemptions.InParallelAsync(10, _ => database.RedeemAsync(_clock, citizen.AccountId, item.Id, "double-click"));

        Assert.Single(results, r => !r.Replayed);
        Assert.Single(results.Select(r => r.Coupon).Distinct());
        Assert.All(results, r => Assert.Equal(Credits.FromDecimal(80m), r.Balance));
        await AssertOneCouponBoughtAsync(database, citizen, item.Id);
    }

    [SkippableFact]
    public async Task Ten_parallel_clicks_with_credits_for_exactly_one_coupon_all_get_that_coupon()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        // Each click that loses the race finds the balance spent by the one that won: it is answered with that coupon.
        var results = await Redemptions.InParallelAsync(10, _ => database.RedeemAsync(_clock, citizen.AccountId, item.Id, "one-coupon"));

        Assert.Single(results, r => !r.Replayed);
        Assert.Single(results.Select(r => r.Coupon).Distinct());
        Assert.All(results, r => Assert.Equal(Credits.Zero, r.Balance));
        await AssertOneCouponBoughtAsync(database, citizen, item.Id, balanceLeft: 0);
    }

    [SkippableFact]
    public async Task The_same_request_id_for_another_item_is_refused_with_request_conflict_and_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var bus = await new MallBuilder().BuildAsync(database, _clock);
        var other = await new MallBuilder().Titled("¥5 bus coupon").Priced(50m).WithFaceValue(new(500)).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, bus.Id, "request-1");
        var before = await MallSnapshot.TakeAsync(database, citizen.AccountId, other.Id);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.RedeemAsync(_clock, citizen.AccountId, other.Id, "request-1"));

        Assert.Equal(ErrorCodes.RequestConflict, refusal.Code);
        Assert.Equal(before, await MallSnapshot.TakeAsync(database, citizen.AccountId, other.Id));
        await MallInvariants.AssertHoldAsync(database);
    }

    [SkippableFact]
    public async Task Two_citizens_using_the_same_request_id_each_get_their_own_coupon()
    {
        await using var database = await stores.CreateAsync();
        var ana = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var bo = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        var anas = await database.RedeemAsync(_clock, ana.AccountId, item.Id, "request-1");
        var bos = await database.RedeemAsync(_clock, bo.AccountId, item.Id, "request-1");

        Assert.False(bos.Replayed);
        Assert.NotEqual(anas.Coupon.Code, bos.Coupon.Code);
        await MallInvariants.AssertHoldAsync(database);
    }

    private static async Task AssertOneCouponBoughtAsync(TestStore database, Citizen citizen, long itemId, long balanceLeft = 8_000)
    {
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.CountCouponsAsync());
        Assert.Equal(1, await db.CountCouponSpendsAsync());
        Assert.Equal(2, await db.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(balanceLeft, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(99, await db.StockLeftAsync(itemId));
        await MallInvariants.AssertHoldAsync(database);
    }
}

public sealed class RedemptionIdempotencyTestsOnSqlite() : RedemptionIdempotencyTests(SqliteTestStores.Instance)
{
}

public sealed class RedemptionIdempotencyTestsOnPostgres(PostgresTestStores postgres) : RedemptionIdempotencyTests(postgres), IClassFixture<PostgresTestStores>
{
}
