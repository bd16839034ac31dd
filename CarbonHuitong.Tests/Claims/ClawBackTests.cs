using CarbonHuitong.Core;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Claims;

/// <summary>Credits proven fraudulent are clawed back through an audited Adjust, never below zero; what is missing is recorded and reported.</summary>
public abstract class ClawBackTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Clawing_back_50_from_30_takes_30_leaves_zero_and_records_a_shortfall_of_20_in_the_report()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, _clock);
        await database.FreezeAsync(_clock, citizen.AccountId);

        var clawed = await database.ClawBackAsync(_clock, citizen.AccountId, 50m, "Rides proven forged");

        Assert.Equal((Credits.FromDecimal(50m), Credits.FromDecimal(30m), Credits.FromDecimal(20m), Credits.Zero),
            (clawed.Requested, clawed.Taken, clawed.Shortfall, clawed.Balance));
        await using var db = database.CreateContext();
        var entry = await db.LedgerEntries.SingleAsync(e => e.Id == clawed.EntryId);
        Assert.Equal((LedgerEntryKind.Adjust, -3_000L, 0L, "Rides proven forged"), (entry.Kind, entry.CreditHundredths, entry.BalanceAfterHundredths, entry.Description));
        var shortfall = await db.CreditShortfalls.SingleAsync();
        Assert.Equal((5_000L, 3_000L, 2_000L, clawed.EntryId), (shortfall.RequestedHundredths, shortfall.TakenHundredths, shortfall.ShortfallHundredths, shortfall.EntryId));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "ledger.claw_back" && a.EntityId == citizen.AccountId.ToString()));
        var report = await new CorrectionQueries(db).ListShortfallsAsync(Actors.MallAdmin, 1, 20);
        Assert.Equal(Credits.FromDecimal(20m), report.Total);
        Assert.Equal($"{citizen.UserName}@example.test", Assert.Single(report.Page.Items).Email);
        Assert.True((await new InvariantChecker(db).CheckAsync()).AllHold);
    }

    [SkippableFact]
    public async Task Clawing_back_within_the_balance_records_no_shortfall_and_from_nothing_records_one_without_an_entry()
    {
        await using var database = await stores.CreateAsync();
        var rich = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, _clock);
        var broke = await new CitizenBuilder().BuildAsync(database, _clock);

        var within = await database.ClawBackAsync(_clock, rich.AccountId, 12.5m);
        var fromNothing = await database.ClawBackAsync(_clock, broke.AccountId, 8m);

        Assert.Equal((Credits.FromDecimal(12.5m), Credits.Zero, Credits.FromDecimal(17.5m)), (within.Taken, within.Shortfall, within.Balance));
        Assert.Equal((Credits.Zero, Credits.FromDecimal(8m), (long?)null), (fromNothing.Taken, fromNothing.Shortfall, fromNothing.EntryId));
        await using var db = database.CreateContext();
        var shortfall = await db.CreditShortfalls.SingleAsync();
        Assert.Equal((broke.AccountId, 0L, 800L, (long?)null), (shortfall.AccountId, shortfall.TakenHundredths, shortfall.ShortfallHundredths, shortfall.EntryId));
        Assert.Equal(0, await db.CountEntriesAsync(broke.AccountId));
        Assert.True((await new InvariantChecker(db).CheckAsync()).AllHold);
    }

    [SkippableFact]
    public async Task Claw_backs_and_redemptions_in_parallel_never_take_the_balance_below_zero_and_every_credit_asked_is_taken_or_recorded()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(60m).BuildAsync(database, _clock);
        var item = await new MallBuilder().Priced(15m).WithStock(10).BuildAsync(database, _clock);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () => i % 2 == 0
            ? await ClaimSetup.OutcomeOf(() => database.ClawBackAsync(_clock, citizen.AccountId, 15m))
            : await database.TryRedeemAsync(_clock, citizen.AccountId, item.Id, $"r-{i}"))));

        Assert.All(outcomes, o => Assert.Contains(o, new[] { "ok", Redemptions.Issued, ErrorCodes.InsufficientCredits }));
        await using var read = database.CreateContext();
        var totals = await read.AccountTotalsAsync(citizen.AccountId);
        Assert.Equal(0, totals.BalanceHundredths);
        var clawedBack = await read.LedgerEntries.Where(e => e.AccountId == citizen.AccountId && e.Kind == LedgerEntryKind.Adjust && e.CreditHundredths < 0)
            .SumAsync(e => -e.CreditHundredths);
        var shortfalls = await read.CreditShortfalls.SumAsync(s => s.ShortfallHundredths);
        Assert.Equal(6 * 1_500, clawedBack + shortfalls);
        Assert.Equal(6_000, clawedBack + totals.SpentHundredths);
        Assert.Equal(0, await read.CountEntriesOffTheirRunningBalanceAsync(citizen.AccountId));
        var report = await new InvariantChecker(read).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }

    [SkippableFact]
    public async Task A_claw_back_of_nothing_or_by_a_citizen_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(10m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        var zero = await ClaimSetup.RefusalOf(() => database.ClawBackAsync(_clock, citizen.AccountId, 0m));
        var byCitizen = await ClaimSetup.RefusalOf(() => CoreServices.Adjustments(db, _clock).ClawBackAsync(Actors.Citizen, citizen.AccountId, Credits.FromDecimal(5m), "Mine"));
        var nobody = await ClaimSetup.RefusalOf(() => database.ClawBackAsync(_clock, citizen.AccountId + 100, 5m));

        Assert.Equal([ErrorCodes.InvalidAmount, ErrorCodes.Forbidden, ErrorCodes.AccountNotFound], new[] { zero, byCitizen, nobody }.Select(r => r.Code));
        Assert.Equal(1_000, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(0, await db.CreditShortfalls.CountAsync());
    }
}

public sealed class ClawBackTestsOnSqlite() : ClawBackTests(SqliteTestStores.Instance)
{
}

public sealed class ClawBackTestsOnPostgres(PostgresTestStores postgres) : ClawBackTests(postgres), IClassFixture<PostgresTestStores>
{
}
