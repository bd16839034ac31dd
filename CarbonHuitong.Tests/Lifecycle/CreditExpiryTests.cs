using CarbonHuitong.Core;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Lifecycle;

/// <summary>
/// Credits expire oldest first at the end of the year after the year they were earned (China time), computed from
/// the ledger at each cutoff, one Expire entry per account and period however often, and wherever, the job runs.
/// </summary>
public abstract class CreditExpiryTests(ITestStores stores)
{
    private readonly TestClock _clock = new(new DateTimeOffset(ChinaTime.Utc(2025, 6, 1, 9), TimeSpan.Zero));

    /// <summary>30 credits earned in 2025, 50 in 2026, and 20 spent in March 2026 (from the 2025 credits, the oldest).</summary>
    private async Task<Citizen> CitizenWithTwoYearsAsync(TestStore database)
    {
        var citizen = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, _clock);
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 18, 10));
        await using var db = database.CreateContext();
        await new TestLedger(db, _clock).AdjustAsync(citizen.AccountId, Credits.FromDecimal(50m), "Earned in 2026");
        await RedeemAsync(database, citizen, 20m);
        return citizen;
    }

    /// <summary>Spends as a citizen does: a coupon of that price, redeemed.</summary>
    private async Task RedeemAsync(TestStore database, Citizen citizen, decimal credits)
    {
        var item = await new MallBuilder().Priced(credits).WithStock(1).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, Guid.NewGuid().ToString("N"));
    }

    private async Task<ExpiryRunReport> RunJobAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        return await CoreServices.Expiry(db, _clock).RunAsync();
    }

    private static async Task<List<LedgerEntry>> ExpiriesAsync(TestStore database, long accountId)
    {
        await using var db = database.CreateContext();
        return await db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId && e.Kind == LedgerEntryKind.Expire)
            .OrderBy(e => e.Id).ToListAsync();
    }

    private static async Task AssertInvariantsHoldAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        var report = await new InvariantChecker(db).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }

    [SkippableFact]
    public async Task Credits_expire_oldest_first_across_two_year_boundaries()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await CitizenWithTwoYearsAsync(database);

        _clock.SetUtcNow(ChinaTime.Utc(2026, 12, 31, 23, 59));
        Assert.Equal(0, (await RunJobAsync(database)).Accounts);

        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 0, 5));
        var first = await RunJobAsync(database);
        var expired2025 = Assert.Single(await ExpiriesAsync(database, citizen.AccountId));
        Assert.Equal((1, -1_000), (first.Accounts, expired2025.CreditHundredths));
        Assert.Equal("2025", expired2025.Reference);
        Assert.Equal(ChinaTime.Utc(2027, 1, 1).AddSeconds(-1), expired2025.OccurredAt);

        _clock.SetUtcNow(ChinaTime.Utc(2028, 1, 1, 0, 5));
        await RunJobAsync(database);
        var expiries = await ExpiriesAsync(database, citizen.AccountId);
        Assert.Equal([-1_000, -5_000], expiries.Select(e => e.CreditHundredths));
        await using var db = database.CreateContext();
        Assert.Equal(0, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task Spending_before_the_cutoff_uses_the_oldest_credits_so_only_what_is_left_of_them_expires()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await CitizenWithTwoYearsAsync(database);
        _clock.SetUtcNow(ChinaTime.Utc(2026, 11, 30, 12));
        await RedeemAsync(database, citizen, 10m);

        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 2, 9));
        var report = await RunJobAsync(database);

        Assert.Equal(0, report.Accounts);
        Assert.Empty(await ExpiriesAsync(database, citizen.AccountId));
    }

    [SkippableFact]
    public async Task The_forecast_names_what_expires_next_and_the_last_day_to_spend_it()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await CitizenWithTwoYearsAsync(database);
        await using var db = database.CreateContext();
        var expiry = CoreServices.Expiry(db, _clock);

        Assert.Equal(new ExpiryForecast(Credits.FromDecimal(10m), new DateOnly(2026, 12, 31)), await expiry.ForecastAsync(citizen.AccountId));

        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 0, 5));
        Assert.Equal(new ExpiryForecast(Credits.FromDecimal(50m), new DateOnly(2027, 12, 31)), await expiry.ForecastAsync(citizen.AccountId));

        var nobody = await new CitizenBuilder().BuildAsync(database, _clock);
        Assert.Equal(ExpiryForecast.Nothing, await expiry.ForecastAsync(nobody.AccountId));
    }

    [SkippableFact]
    public async Task A_redemption_the_day_after_a_cutoff_expires_what_is_due_first_and_cannot_spend_it()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await CitizenWithTwoYearsAsync(database);
        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 8));
        var dearItem = await new MallBuilder().Priced(55m).WithStock(10).BuildAsync(database, _clock);
        var item = await new MallBuilder().Priced(50m).WithStock(10).BuildAsync(database, _clock);

        // 60 held, 10 of them due: 55 is more than what is still valid, and the refusal leaves nothing behind.
        Assert.Equal(ErrorCodes.InsufficientCredits, await database.TryRedeemAsync(_clock, citizen.AccountId, dearItem.Id, "dear"));
        Assert.Empty(await ExpiriesAsync(database, citizen.AccountId));

        var redeemed = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "fifty");

        Assert.Equal(0, redeemed.Balance.Hundredths);
        Assert.Equal(-1_000, Assert.Single(await ExpiriesAsync(database, citizen.AccountId)).CreditHundredths);
        Assert.Equal(0, (await RunJobAsync(database)).Accounts);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task Running_the_job_twice_expires_once()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await CitizenWithTwoYearsAsync(database);
        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 1));

        var first = await RunJobAsync(database);
        var second = await RunJobAsync(database);

        Assert.Equal((1, 0), (first.Accounts, second.Accounts));
        Assert.Single(await ExpiriesAsync(database, citizen.AccountId));
    }

    [SkippableFact]
    public async Task Two_jobs_on_two_contexts_at_once_expire_each_account_once()
    {
        await using var database = await stores.CreateAsync();
        var citizens = new List<Citizen>();
        for (var i = 0; i < 12; i++)
        {
            _clock.SetUtcNow(ChinaTime.Utc(2025, 6, 1, 9));
            citizens.Add(await new CitizenBuilder().WithCredits(10m + i).BuildAsync(database, _clock));
        }
        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 1));
        var options = new ExpiryOptions { BatchSize = 5 };

        var reports = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            return await CoreServices.Expiry(db, _clock, options).RunAsync();
        })));

        Assert.Equal(12, reports.Sum(r => r.Accounts));
        await using var read = database.CreateContext();
        Assert.Equal(12, await read.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Expire));
        Assert.Equal(0, await read.CarbonAccounts.SumAsync(a => a.BalanceHundredths));
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task A_citizen_who_spent_everything_they_earned_has_nothing_to_expire()
    {
        await using var database = await stores.CreateAsync();
        var spender = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        await RedeemAsync(database, spender, 20m);
        _clock.SetUtcNow(ChinaTime.Utc(2027, 3, 1));

        Assert.Equal(0, (await RunJobAsync(database)).Accounts);
        await AssertInvariantsHoldAsync(database);
    }
}

public sealed class CreditExpiryTestsOnSqlite() : CreditExpiryTests(SqliteTestStores.Instance)
{
}

public sealed class CreditExpiryTestsOnPostgres(PostgresTestStores postgres) : CreditExpiryTests(postgres), IClassFixture<PostgresTestStores>
{
}
