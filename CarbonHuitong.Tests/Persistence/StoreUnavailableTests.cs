using System.Diagnostics;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Persistence;

/// <summary>
/// The database file is locked by another process for longer than the busy timeout: the request is refused with
/// <c>unavailable</c>, writes nothing, and the same request goes through once the lock is released.
/// </summary>
public sealed class StoreUnavailableTests
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(1);
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_scan_while_another_process_holds_the_write_lock_is_refused_as_unavailable_and_writes_nothing()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var (rideCodes, terminal, citizen) = await TransitWorldAsync(database);
        var scan = TransitBuilder.Scan(rideCodes.Issue(citizen.AccountId).Token, _clock);
        await using var db = CreateContext(database);

        await using (await DatabaseLock.TakeWriteLockAsync(database))
        {
            await database.AssertRefusedWritingNothingAsync(ErrorCodes.Unavailable,
                () => ScanServiceOn(db, rideCodes).RecordRideAsync(terminal.Key, scan));
        }

        await TransitInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task Once_the_lock_is_released_the_same_scan_succeeds_exactly_once()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var (rideCodes, terminal, citizen) = await TransitWorldAsync(database);
        var scan = TransitBuilder.Scan(rideCodes.Issue(citizen.AccountId).Token, _clock);
        // One long-lived context, as a Blazor circuit keeps, must recover too.
        await using var db = CreateContext(database);
        var held = await DatabaseLock.TakeWriteLockAsync(database);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => ScanServiceOn(db, rideCodes).RecordRideAsync(terminal.Key, scan));
        Assert.Equal(ErrorCodes.Unavailable, refusal.Code);

        await held.ReleaseAsync();
        var first = await ScanServiceOn(db, rideCodes).RecordRideAsync(terminal.Key, scan);
        await using var retryDb = CreateContext(database);
        var retry = await ScanServiceOn(retryDb, rideCodes).RecordRideAsync(terminal.Key, scan);

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(1.10m, first.CreditsEarned.Value);
        Assert.Equal(first.Balance, retry.Balance);
        var after = await TransitSnapshot.TakeAsync(database, citizen.AccountId);
        Assert.Equal(1, after.Rides);
        Assert.Equal(110, after.Citizen.BalanceHundredths);
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task A_redemption_while_the_write_lock_is_held_spends_nothing_and_succeeds_once_released()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().WithCredits(50m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);
        await using var db = CreateContext(database);

        await using (await DatabaseLock.TakeWriteLockAsync(database))
        {
            await database.AssertRefusedWritingNothingAsync(ErrorCodes.Unavailable,
                () => RedemptionServiceOn(db).RedeemAsync(citizen.AccountId, item.Id, "tap-1"));
        }
        var first = await RedemptionServiceOn(db).RedeemAsync(citizen.AccountId, item.Id, "tap-1");
        await using var retryDb = CreateContext(database);
        var retry = await RedemptionServiceOn(retryDb).RedeemAsync(citizen.AccountId, item.Id, "tap-1");

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Coupon.Id, retry.Coupon.Id);
        Assert.Equal(new MallSnapshot(Entries: 2, BalanceHundredths: 30_00, StockLeft: 99, Coupons: 1),
            await MallSnapshot.TakeAsync(database, citizen.AccountId, item.Id));
        await MallInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task A_read_while_another_process_holds_the_whole_file_is_refused_as_unavailable()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().WithCredits(5m).BuildAsync(database, _clock);
        await using var db = CreateContext(database);

        await using (await DatabaseLock.TakeWholeFileAsync(database))
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() => new LedgerQueries(db, _clock).GetSummaryAsync(citizen.AccountId));
            Assert.Equal(ErrorCodes.Unavailable, refusal.Code);
        }

        Assert.Equal(5m, (await new LedgerQueries(db, _clock).GetSummaryAsync(citizen.AccountId))!.Balance.Value);
    }

    [Fact]
    public async Task The_refusal_comes_after_the_configured_busy_timeout_not_the_librarys_30_seconds()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = CreateContext(database);
        await using var held = await DatabaseLock.TakeWriteLockAsync(database);

        var waited = Stopwatch.StartNew();
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            new TestLedger(db, _clock).AdjustAsync(citizen.AccountId, Credits.FromDecimal(1m), "Goodwill"));
        waited.Stop();

        Assert.Equal(ErrorCodes.Unavailable, refusal.Code);
        // The upper bound only tells the configured second from the library's 30; a loaded machine may be seconds late.
        Assert.InRange(waited.Elapsed, BusyTimeout - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_lock_held_for_a_moment_is_waited_for_not_refused()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        // A busy timeout far longer than the hold, so a loaded machine that is late to release still fits in it.
        await using var db = CreateContext(database, TimeSpan.FromSeconds(30));
        var held = await DatabaseLock.TakeWriteLockAsync(database);

        // On a thread of its own: on a busy machine the thread pool could be late.
        var release = Task.Factory.StartNew(() =>
        {
            Thread.Sleep(200);
            held.ReleaseAsync().GetAwaiter().GetResult();
        }, TaskCreationOptions.LongRunning);
        var adjusted = await new TestLedger(db, _clock).AdjustAsync(citizen.AccountId, Credits.FromDecimal(1m), "Goodwill");
        await release;

        Assert.Equal(100, adjusted.Balance.Hundredths);
    }

    [Fact]
    public void The_busy_timeout_is_whole_seconds_of_at_least_one()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), SqliteStore.BusyTimeoutOrDefault(null));
        Assert.Equal(TimeSpan.FromSeconds(2), SqliteStore.BusyTimeoutOrDefault(TimeSpan.FromSeconds(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteStore.BusyTimeoutOrDefault(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqliteStore.BusyTimeoutOrDefault(TimeSpan.FromMilliseconds(1500)));
    }

    private static CarbonDbContext CreateContext(TestDatabase database, TimeSpan? busyTimeout = null)
    {
        var options = new DbContextOptionsBuilder<CarbonDbContext>();
        Core.DependencyInjection.ConfigureSqlite(options, database.ConnectionString, busyTimeout ?? BusyTimeout);
        return new CarbonDbContext(options.Options);
    }

    private async Task<(RideCodes RideCodes, RegisteredTerminal Terminal, Citizen Citizen)> TransitWorldAsync(TestDatabase database) =>
        (await database.LoadRideCodesAsync(_clock), await database.RegisterTerminalAsync(_clock), await new CitizenBuilder().BuildAsync(database, _clock));

    private ScanService ScanServiceOn(CarbonDbContext db, RideCodes rideCodes) => CoreServices.Scans(db, rideCodes, _clock);

    private RedemptionService RedemptionServiceOn(CarbonDbContext db) => CoreServices.Redemptions(db, _clock);
}
