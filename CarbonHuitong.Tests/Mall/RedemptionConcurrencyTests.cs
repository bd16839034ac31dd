using CarbonHuitong.Core;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Mall;

/// <summary>
/// Races on a real database (a SQLite file, or a PostgreSQL server): each task has its own DbContext (its own
/// connection), as parallel requests do, and only the database keeps them apart.
/// </summary>
public abstract class RedemptionConcurrencyTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Fifty_parallel_redemptions_with_credits_for_three_issue_three_coupons()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(60m).BuildAsync(database, _clock);
        var item = await new MallBuilder().Priced(20m).WithStock(100).BuildAsync(database, _clock);

        var outcomes = await Redemptions.InParallelAsync(50, i => database.TryRedeemAsync(_clock, citizen.AccountId, item.Id, $"request-{i}"));

        Assert.Equal(3, outcomes.Count(o => o == Redemptions.Issued));
        Assert.Equal(47, outcomes.Count(o => o == ErrorCodes.InsufficientCredits));
        await using var db = database.CreateContext();
        Assert.Equal(0, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(97, await db.StockLeftAsync(item.Id));
        Assert.Equal(3, await db.CountCouponsAsync());
        Assert.Equal(3, await db.CountCouponSpendsAsync());
        await MallInvariants.AssertHoldAsync(database);
    }

    [SkippableFact]
    public async Task Fifty_citizens_racing_for_the_last_ten_coupons_get_exactly_ten()
    {
        await using var database = await stores.CreateAsync();
        var citizens = new List<Citizen>();
        await using (var setup = database.CreateContext())
        {
            for (var i = 0; i < 50; i++) citizens.Add(await new CitizenBuilder().WithCredits(100m).BuildAsync(setup, _clock));
        }
        var item = await new MallBuilder().WithStock(10).BuildAsync(database, _clock);

        var outcomes = await Redemptions.InParallelAsync(50, i => database.TryRedeemAsync(_clock, citizens[i].AccountId, item.Id, "request-1"));

        Assert.Equal(10, outcomes.Count(o => o == Redemptions.Issued));
        Assert.Equal(40, outcomes.Count(o => o == ErrorCodes.SoldOut));
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.StockLeftAsync(item.Id));
        Assert.Equal(10, await db.CountCouponsAsync());
        await MallInvariants.AssertHoldAsync(database);
    }

    [SkippableFact]
    public async Task Twenty_parallel_redemptions_under_a_monthly_limit_of_two_issue_two_coupons()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(1_000m).BuildAsync(database, _clock);
        var item = await new MallBuilder().WithMonthlyLimit(2).WithStock(100).BuildAsync(database, _clock);

        var outcomes = await Redemptions.InParallelAsync(20, i => database.TryRedeemAsync(_clock, citizen.AccountId, item.Id, $"request-{i}"));

        Assert.Equal(2, outcomes.Count(o => o == Redemptions.Issued));
        Assert.Equal(18, outcomes.Count(o => o == ErrorCodes.LimitReached));
        await using var db = database.CreateContext();
        Assert.Equal(96_000, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(3, await db.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(98, await db.StockLeftAsync(item.Id));
        Assert.Equal(2, await db.CountCouponsAsync());
        await MallInvariants.AssertHoldAsync(database);
    }
}

public sealed class RedemptionConcurrencyTestsOnSqlite() : RedemptionConcurrencyTests(SqliteTestStores.Instance)
{
}

public sealed class RedemptionConcurrencyTestsOnPostgres(PostgresTestStores postgres) : RedemptionConcurrencyTests(postgres), IClassFixture<PostgresTestStores>
{
}
