using CarbonHuitong.Core;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Transit;

/// <summary>
/// Validators racing on a real database (a SQLite file, or a PostgreSQL server): each scan has its own DbContext
/// (its own connection), as parallel requests do, and only the database keeps them apart.
/// </summary>
public abstract class ScanConcurrencyTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Twenty_parallel_scans_of_one_code_at_two_validators_accept_one_and_refuse_nineteen_as_replayed()
    {
        await using var database = await stores.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var front = await Validator.RegisterAsync(database, _clock, rideCodes, id: "front-door");
        var back = await Validator.RegisterAsync(database, _clock, rideCodes, id: "back-door");
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1");
        var token = rideCodes.Issue(citizen.AccountId).Token;

        var outcomes = await Validator.InParallelAsync(20, i =>
            (i % 2 == 0 ? front : back).TryScanAsync(TransitBuilder.Scan(token, _clock) with { ScanId = $"scan-{i}" }));

        Assert.Equal(1, outcomes.Count(o => o == Validator.Accepted));
        Assert.Equal(19, outcomes.Count(o => o == ErrorCodes.ReplayedCode));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.CountRidesAsync());
        Assert.Equal(new LedgerTotals(110, 110, 2_000, 120_000, 1), await db.AccountTotalsAsync(citizen.AccountId));
        Assert.Equal(await db.SumEntriesAsync(citizen.AccountId), await db.AccountTotalsAsync(citizen.AccountId));
        Assert.Equal(1, await db.CountUsedCouponsAsync());
        await TransitInvariants.AssertHoldAsync(database);
    }

    [SkippableFact]
    public async Task Thirty_citizens_scanning_at_once_at_three_validators_all_ride_and_each_earns_1_10()
    {
        await using var database = await stores.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validators = new List<Validator>();
        for (var i = 0; i < 3; i++) validators.Add(await Validator.RegisterAsync(database, _clock, rideCodes));
        var citizens = new List<Citizen>();
        await using (var setup = database.CreateContext())
        {
            for (var i = 0; i < 30; i++) citizens.Add(await new CitizenBuilder().BuildAsync(setup, _clock));
        }

        var results = await Validator.InParallelAsync(30, i =>
        {
            var validator = validators[i % 3];
            return validator.ScanAsync(validator.ScanOf(citizens[i].AccountId));
        });

        Assert.All(results, r => Assert.True(r.Accepted && !r.Replayed));
        await using var db = database.CreateContext();
        Assert.Equal(30, await db.CountRidesAsync());
        foreach (var citizen in citizens)
        {
            Assert.Equal(new LedgerTotals(110, 110, 0, 120_000, 1), await db.AccountTotalsAsync(citizen.AccountId));
        }
        await TransitInvariants.AssertHoldAsync(database);
    }

    [SkippableFact]
    public async Task Twenty_parallel_rides_of_a_citizen_with_three_coupons_use_each_coupon_exactly_once()
    {
        await using var database = await stores.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(60m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);
        for (var i = 0; i < 3; i++) await database.RedeemAsync(_clock, citizen.AccountId, item.Id, $"request-{i}");

        var results = await Validator.InParallelAsync(20, _ => validator.ScanAsync(validator.ScanOf(citizen.AccountId)));

        Assert.Equal(3, results.Count(r => r.CouponApplied));
        Assert.Equal(3, results.Where(r => r.CouponApplied).Select(r => r.CouponId).Distinct().Count());
        Assert.Equal(17, results.Count(r => r.AmountDue.Value == TransitBuilder.FareFen));
        await using var db = database.CreateContext();
        Assert.Equal(20, await db.CountRidesAsync());
        Assert.Equal(3, await db.CountUsedCouponsAsync());
        Assert.Equal(new LedgerTotals(2_200, 2_200, 6_000, 2_400_000, 20), await db.AccountTotalsAsync(citizen.AccountId));
        Assert.Equal(0, await db.CountEntriesOffTheirRunningBalanceAsync(citizen.AccountId));
        await TransitInvariants.AssertHoldAsync(database);
    }
}

public sealed class ScanConcurrencyTestsOnSqlite() : ScanConcurrencyTests(SqliteTestStores.Instance)
{
}

public sealed class ScanConcurrencyTestsOnPostgres(PostgresTestStores postgres) : ScanConcurrencyTests(postgres), IClassFixture<PostgresTestStores>
{
}
