using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Ledger;

/// <summary>
/// Each task has its own DbContext (its own connection) on the same database, as parallel requests do;
/// only the database keeps them apart: a SQLite file, or a PostgreSQL server.
/// </summary>
public abstract class ConcurrencyTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Twenty_parallel_copies_of_one_earn_event_credit_exactly_once()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var ride = EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow, source: "chongqing-bus", externalEventId: "ride-7");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            return await new TestLedger(db, _clock).RecordEarnAsync(ride);
        })));

        Assert.Single(results, r => !r.Duplicate);
        Assert.Single(results.Select(r => r.EntryId).Distinct());
        await using var readDb = database.CreateContext();
        Assert.Equal(1, await readDb.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(new LedgerTotals(110, 110, 0, 120_000, 1), await readDb.AccountTotalsAsync(citizen.AccountId));
    }

    [SkippableFact]
    public async Task Fifty_parallel_spends_of_20_credits_from_60_succeed_exactly_three_times()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(60m).BuildAsync(database, _clock);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            try
            {
                await new TestLedger(db, _clock).SpendAsync(citizen.AccountId, Credits.FromDecimal(20m), "Reusable cup", $"order-{i}");
                return "spent";
            }
            catch (DomainException refusal)
            {
                return refusal.Code;
            }
        })));

        Assert.Equal(3, outcomes.Count(o => o == "spent"));
        Assert.Equal(47, outcomes.Count(o => o == ErrorCodes.InsufficientCredits));
        await using var readDb = database.CreateContext();
        var onAccount = await readDb.AccountTotalsAsync(citizen.AccountId);
        Assert.Equal(0, onAccount.BalanceHundredths);
        Assert.Equal(6_000, onAccount.SpentHundredths);
        Assert.Equal(await readDb.SumEntriesAsync(citizen.AccountId), onAccount);
        Assert.Equal(0, await readDb.CountEntriesOffTheirRunningBalanceAsync(citizen.AccountId));
    }
}

public sealed class ConcurrencyTestsOnSqlite() : ConcurrencyTests(SqliteTestStores.Instance)
{
}

public sealed class ConcurrencyTestsOnPostgres(PostgresTestStores postgres) : ConcurrencyTests(postgres), IClassFixture<PostgresTestStores>
{
}
