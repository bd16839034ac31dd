using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Ledger;

public abstract class EarningTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Ten_bus_rides_earn_exactly_11_credits_and_1200_grams()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var ledger = new TestLedger(db, _clock);

        for (var ride = 0; ride < 10; ride++)
        {
            var earned = await ledger.RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow));
            Assert.Equal(1.10m, earned.Credits.Value);
            _clock.Advance(TimeSpan.FromMinutes(30));
        }

        var summary = await new LedgerQueries(db, _clock).GetSummaryAsync(citizen.AccountId);
        Assert.NotNull(summary);
        Assert.Equal(11.00m, summary.Balance.Value);
        Assert.Equal(11.00m, summary.CreditsEarned.Value);
        Assert.Equal(1_200m, summary.Reduced.Grams);
        Assert.Equal(10, summary.GreenTrips);
        Assert.Equal(await db.SumEntriesAsync(citizen.AccountId), await db.AccountTotalsAsync(citizen.AccountId));
    }

    [SkippableFact]
    public async Task A_duplicate_earn_event_credits_once_and_returns_the_first_entry()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var ride = EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow, source: "chongqing-bus", externalEventId: "ride-0001");

        await using var db = database.CreateContext();
        var first = await new TestLedger(db, _clock).RecordEarnAsync(ride);
        await using var replayDb = database.CreateContext();
        var second = await new TestLedger(replayDb, _clock).RecordEarnAsync(ride);

        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Equal(first.EntryId, second.EntryId);
        Assert.Equal(first.Credits, second.Credits);
        Assert.Equal(1.10m, second.Balance.Value);
        Assert.Equal(1, await db.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(110, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
    }

    [SkippableFact]
    public async Task An_event_id_already_used_by_another_account_is_refused_with_event_conflict_and_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var alice = await new CitizenBuilder().WithCredits(50m).BuildAsync(database, _clock);
        var bob = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        await ledger.RecordEarnAsync(EarnRequests.Of(alice.AccountId, Methodology.BusRide, 1, _clock.UtcNow, externalEventId: "ride-42"));

        var refused = await Assert.ThrowsAsync<DomainException>(() => ledger.RecordEarnAsync(
            EarnRequests.Of(bob.AccountId, Methodology.MetroRide, 1, _clock.UtcNow, externalEventId: "ride-42")));

        Assert.Equal(ErrorCodes.EventConflict, refused.Code);
        Assert.DoesNotContain("51.10", refused.Message);
        Assert.Equal(0, await db.CountEntriesAsync(bob.AccountId));
        Assert.Equal(0, (await db.AccountTotalsAsync(bob.AccountId)).BalanceHundredths);
        Assert.Equal(5_110, (await db.AccountTotalsAsync(alice.AccountId)).BalanceHundredths);
    }

    [SkippableFact]
    public async Task An_earn_for_an_account_that_does_not_exist_is_refused_with_account_not_found()
    {
        await using var database = await stores.CreateAsync();
        await using var db = database.CreateContext();

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(424242, Methodology.BusRide, 1, _clock.UtcNow)));

        Assert.Equal(ErrorCodes.AccountNotFound, refusal.Code);
        Assert.Equal(0, await db.CountAllEntriesAsync());
    }

    [SkippableTheory]
    [InlineData(Methodology.BusRide, "0", EarnRequests.TestSource, -1, ErrorCodes.InvalidQuantity)]
    [InlineData(Methodology.BusRide, "-1", EarnRequests.TestSource, -1, ErrorCodes.InvalidQuantity)]
    [InlineData(Methodology.SharedBicycle, "1.234", EarnRequests.TestSource, -1, ErrorCodes.InvalidQuantity)]
    [InlineData(Methodology.SharedBicycle, "10000.01", EarnRequests.TestSource, -1, ErrorCodes.InvalidQuantity)]
    [InlineData("teleportation", "1", EarnRequests.TestSource, -1, ErrorCodes.UnknownBehaviour)]
    [InlineData(Methodology.BusRide, "1", "", -1, ErrorCodes.BadRequest)]
    [InlineData(Methodology.BusRide, "1", "   ", -1, ErrorCodes.BadRequest)]
    [InlineData(Methodology.BusRide, "1", EarnRequests.TestSource, 60, ErrorCodes.InvalidEvent)]
    public async Task A_bad_earn_event_is_refused_with_its_code_and_writes_nothing(
        string behaviourCode, string quantity, string source, int minutesFromNow, string expectedCode)
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var request = EarnRequests.Of(citizen.AccountId, behaviourCode, decimal.Parse(quantity, CultureInfo.InvariantCulture),
            _clock.UtcNow.AddMinutes(minutesFromNow), source);

        await using var db = database.CreateContext();
        var refusal = await Assert.ThrowsAsync<DomainException>(() => new TestLedger(db, _clock).RecordEarnAsync(request));

        Assert.Equal(expectedCode, refusal.Code);
        Assert.Equal(0, await db.CountAllEntriesAsync());
        Assert.Equal(new LedgerTotals(0, 0, 0, 0, 0), await db.AccountTotalsAsync(citizen.AccountId));
    }

    [SkippableTheory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("2026-11-24T11:59:59Z")]
    public async Task An_earn_event_older_than_the_seven_day_claim_window_is_refused_as_too_old_and_writes_nothing(string occurredAt)
    {
        var clock = new TestClock(DateTimeOffset.Parse("2026-12-01T12:00:00Z", CultureInfo.InvariantCulture));
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, clock);
        var request = EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1,
            DateTime.Parse(occurredAt, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
        await using var db = database.CreateContext();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => new TestLedger(db, clock).RecordEarnAsync(request));

        Assert.Equal(ErrorCodes.TooOld, refusal.Code);
        Assert.Equal(0, await db.CountAllEntriesAsync());
        Assert.Equal(new LedgerTotals(0, 0, 0, 0, 0), await db.AccountTotalsAsync(citizen.AccountId));
    }

    [SkippableFact]
    public async Task An_earn_event_just_inside_the_claim_window_is_credited_and_a_wider_configured_window_accepts_older_ones()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        var edge = await new TestLedger(db, _clock)
            .RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddDays(-7)));
        var monthWide = CoreServices.Earning(db, _clock, new EarningOptions { ClaimWindowDays = 31 });
        var old = await monthWide.RecordAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddDays(-30)));

        Assert.Equal((false, false), (edge.Duplicate, old.Duplicate));
        Assert.Equal(2.20m, old.Balance.Value);
    }

    [SkippableFact]
    public async Task A_retry_that_arrives_after_the_claim_window_of_an_event_recorded_in_time_answers_the_first_recording()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var ride = EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddDays(-6));
        var first = await new TestLedger(db, _clock).RecordEarnAsync(ride);

        _clock.Advance(TimeSpan.FromDays(3));
        var retry = await new TestLedger(db, _clock).RecordEarnAsync(ride);

        Assert.Equal((first.EntryId, true), (retry.EntryId, retry.Duplicate));
        Assert.Equal(1, await db.CountAllEntriesAsync());
    }

    [SkippableFact]
    public async Task The_operators_history_import_records_behaviour_from_before_the_claim_window()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        var imported = await new TestLedger(db, _clock)
            .RecordHistoryAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddDays(-400)));

        Assert.Equal(1.10m, imported.Balance.Value);
    }

    [SkippableFact]
    public async Task An_earn_event_a_few_minutes_ahead_of_the_server_clock_is_accepted()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        var earned = await new TestLedger(db, _clock)
            .RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddMinutes(4)));

        Assert.Equal(1.10m, earned.Balance.Value);
    }

    [SkippableFact]
    public async Task An_earn_event_in_local_time_instead_of_utc_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var local = DateTime.SpecifyKind(_clock.UtcNow.AddHours(-2), DateTimeKind.Unspecified);
        await using var db = database.CreateContext();

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, local)));

        Assert.Equal(ErrorCodes.InvalidEvent, refusal.Code);
        Assert.Equal(0, await db.CountAllEntriesAsync());
    }

    [SkippableFact]
    public async Task Earn_entries_keep_the_factor_they_used_after_the_methodology_changes()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var before = await new TestLedger(db, _clock)
            .RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow));

        await db.Database.ExecuteSqlRawAsync(
            """UPDATE "GreenBehaviours" SET "CreditHundredthsPerUnit" = 150, "MilligramsPerUnit" = 150000 WHERE "Code" = {0}""",
            Methodology.BusRide);
        _clock.Advance(TimeSpan.FromHours(1));
        await using var laterDb = database.CreateContext();
        var after = await new TestLedger(laterDb, _clock)
            .RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow));

        await using var readDb = database.CreateContext();
        var entries = await readDb.LedgerEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Collection(entries,
            old =>
            {
                Assert.Equal(before.EntryId, old.Id);
                Assert.Equal(110, old.CreditHundredthsPerUnit);
                Assert.Equal(120_000, old.MilligramsPerUnit);
                Assert.Equal(110, old.CreditHundredths);
                Assert.Equal(120_000, old.Milligrams);
            },
            @new =>
            {
                Assert.Equal(after.EntryId, @new.Id);
                Assert.Equal(150, @new.CreditHundredthsPerUnit);
                Assert.Equal(150_000, @new.MilligramsPerUnit);
                Assert.Equal(150, @new.CreditHundredths);
                Assert.Equal(150_000, @new.Milligrams);
            });
        Assert.Equal(new LedgerTotals(260, 260, 0, 270_000, 2), await readDb.AccountTotalsAsync(citizen.AccountId));
    }
}

public sealed class EarningTestsOnSqlite() : EarningTests(SqliteTestStores.Instance)
{
}

public sealed class EarningTestsOnPostgres(PostgresTestStores postgres) : EarningTests(postgres), IClassFixture<PostgresTestStores>
{
}
