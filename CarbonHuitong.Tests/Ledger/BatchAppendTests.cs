using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Ledger;

/// <summary>
/// The ledger's one write path taking many entries at once: one outcome per entry, a twin answered without aborting
/// the rest, on a SQLite file and on PostgreSQL, alone or inside a larger transaction.
/// </summary>
public abstract class BatchAppendTests(ITestStores stores)
{
    private const string Feed = "metro-feed";
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_twin_inside_a_batch_is_answered_with_the_earlier_entry_and_the_rest_is_appended()
    {
        await using var database = await stores.CreateAsync();
        var rider = await new CitizenBuilder().BuildAsync(database, _clock);
        var walker = await new CitizenBuilder().BuildAsync(database, _clock);
        await using (var db = database.CreateContext())
            await new TestLedger(db, _clock).RecordEarnAsync(Earn(rider.AccountId, Methodology.MetroRide, "trip-1"));

        IReadOnlyList<AppendOutcome> outcomes;
        await using (var db = database.CreateContext())
            outcomes = await AppendAsync(db,
                Earn(rider.AccountId, Methodology.MetroRide, "trip-1"),        // recorded before this batch
                Earn(rider.AccountId, Methodology.MetroRide, "trip-2"),
                Earn(walker.AccountId, Methodology.Walking, "walk-1", 8),
                Earn(rider.AccountId, Methodology.MetroRide, "trip-2"),        // twice in this batch
                Earn(walker.AccountId, Methodology.MetroRide, "trip-1"));      // another account's event

        Assert.Equal([AppendStatus.Twin, AppendStatus.Appended, AppendStatus.Appended, AppendStatus.Twin, AppendStatus.Conflict],
            outcomes.Select(o => o.Status));
        Assert.Equal(outcomes[1].EntryId, outcomes[3].EntryId);
        Assert.Equal(outcomes[0].EntryId, outcomes[4].EntryId);
        await using var read = database.CreateContext();
        Assert.Equal(2, await read.CountEntriesAsync(rider.AccountId));
        Assert.Equal(1, await read.CountEntriesAsync(walker.AccountId));
        // Two metro rides at 4.73 credits and 515.5 g each; 8,000 steps at 0.18 credits and 20 g a thousand.
        Assert.Equal(new LedgerTotals(946, 946, 0, 1_031_000, 2), await read.AccountTotalsAsync(rider.AccountId));
        Assert.Equal(new LedgerTotals(144, 144, 0, 160_000, 1), await read.AccountTotalsAsync(walker.AccountId));
        Assert.Equal(new Credits(946), outcomes[3].Balance);
        Assert.True((await new InvariantChecker(read).CheckAsync()).AllHold);
    }

    [SkippableFact]
    public async Task A_twin_inside_a_batch_does_not_abort_the_callers_larger_transaction()
    {
        await using var database = await stores.CreateAsync();
        var rider = await new CitizenBuilder().BuildAsync(database, _clock);
        await using (var db = database.CreateContext())
            await new TestLedger(db, _clock).RecordEarnAsync(Earn(rider.AccountId, Methodology.MetroRide, "trip-1"));

        await using (var db = database.CreateContext())
        {
            await db.InWriteTransactionAsync(async () =>
            {
                await AppendAsync(db, Earn(rider.AccountId, Methodology.MetroRide, "trip-1"), Earn(rider.AccountId, Methodology.MetroRide, "trip-2"));
                // The transaction is still usable after the twin: on PostgreSQL a refused statement would have ended it.
                await AppendAsync(db, Earn(rider.AccountId, Methodology.MetroRide, "trip-3"));
            });
        }

        await using var read = database.CreateContext();
        Assert.Equal(3, await read.CountEntriesAsync(rider.AccountId));
        Assert.Equal(0, await read.CountEntriesOffTheirRunningBalanceAsync(rider.AccountId));
    }

    [SkippableFact]
    public async Task A_batch_that_would_take_a_balance_below_zero_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var saver = await new CitizenBuilder().WithCredits(10m).BuildAsync(database, _clock);
        var other = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var now = _clock.UtcNow;

        var refusal = await Assert.ThrowsAsync<DomainException>(() => new LedgerService(db, _clock).AppendAsync(
        [
            LedgerEntry.Earn(other.AccountId, Factors(Methodology.BusRide), 1, Feed, "bus-1", now, now),
            LedgerEntry.Spend(saver.AccountId, Credits.FromDecimal(6m), "Reusable cup", "cup-1", now),
            LedgerEntry.Spend(saver.AccountId, Credits.FromDecimal(6m), "Reusable cup", "cup-2", now),
            LedgerEntry.Earn(saver.AccountId, Factors(Methodology.MetroRide), 1, Feed, "metro-1", now, now),
        ]));

        Assert.Equal(ErrorCodes.InsufficientCredits, refusal.Code);
        await using var read = database.CreateContext();
        Assert.Equal(1, await read.CountEntriesAsync(saver.AccountId));
        Assert.Equal(0, await read.CountEntriesAsync(other.AccountId));
    }

    [SkippableFact]
    public async Task Parallel_batches_sharing_events_record_each_event_once()
    {
        await using var database = await stores.CreateAsync();
        var riders = new List<Citizen>();
        for (var i = 0; i < 5; i++) riders.Add(await new CitizenBuilder().BuildAsync(database, _clock));

        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(b => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            // Every batch reports the same ten trips, in its own order.
            var trips = Enumerable.Range(0, 10).Select(t => Earn(riders[t % riders.Count].AccountId, Methodology.MetroRide, $"trip-{t}"));
            return await AppendAsync(db, [.. b % 2 == 0 ? trips : trips.Reverse()]);
        })));

        Assert.Equal(10, batches.SelectMany(b => b).Count(o => o.Status == AppendStatus.Appended));
        Assert.All(batches.SelectMany(b => b), o => Assert.NotEqual(AppendStatus.Conflict, o.Status));
        await using var read = database.CreateContext();
        Assert.Equal(10, await read.CountAllEntriesAsync());
        Assert.True((await new InvariantChecker(read).CheckAsync()).AllHold);
    }

    [SkippableFact]
    public async Task Parallel_transactions_reporting_one_event_for_different_accounts_each_commit_and_record_it_once()
    {
        await using var database = await stores.CreateAsync();
        var riders = new List<Citizen>();
        for (var i = 0; i < 6; i++) riders.Add(await new CitizenBuilder().BuildAsync(database, _clock));

        // Each transaction reports the shared event for its own rider, then goes on with its own: a twin refused by the
        // index would end the transaction on PostgreSQL, so every transaction committing shows none was.
        var outcomes = await Task.WhenAll(riders.Select((rider, i) => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            return await db.InWriteTransactionAsync(async () =>
            {
                var shared = await AppendAsync(db, Earn(rider.AccountId, Methodology.MetroRide, "shared-trip"), Earn(rider.AccountId, Methodology.Walking, $"walk-{i}"));
                await AppendAsync(db, Earn(rider.AccountId, Methodology.MetroRide, $"own-trip-{i}"));
                return shared[0];
            });
        })));

        Assert.Single(outcomes, o => o.Status == AppendStatus.Appended);
        Assert.Equal(riders.Count - 1, outcomes.Count(o => o.Status == AppendStatus.Conflict));
        await using var read = database.CreateContext();
        Assert.Equal(1 + riders.Count * 2, await read.CountAllEntriesAsync());
        Assert.True((await new InvariantChecker(read).CheckAsync()).AllHold);
    }

    private EarnRequest Earn(long accountId, string behaviour, string eventId, decimal quantity = 1) =>
        EarnRequests.Of(accountId, behaviour, quantity, _clock.UtcNow.AddMinutes(-5), Feed, eventId);

    private static EarnFactors Factors(string behaviour) => Methodology.Published().Single(b => b.Code == behaviour).Factors;

    private Task<IReadOnlyList<AppendOutcome>> AppendAsync(CarbonDbContext db, params EarnRequest[] earns) =>
        CoreServices.Earning(db, _clock).RecordAsync(earns);
}

public sealed class BatchAppendTestsOnSqlite() : BatchAppendTests(SqliteTestStores.Instance)
{
}

public sealed class BatchAppendTestsOnPostgres(PostgresTestStores postgres) : BatchAppendTests(postgres), IClassFixture<PostgresTestStores>
{
}
