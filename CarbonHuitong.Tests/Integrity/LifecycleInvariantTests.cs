using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>
/// The lifecycle's invariants hold for a world with pending, confirmed and reversed events and an expiry, and each
/// finds its fault planted with raw SQL past the app's rules.
/// </summary>
public sealed class LifecycleInvariantTests
{
    private readonly TestClock _clock = new(new DateTimeOffset(ChinaTime.Utc(2026, 12, 20, 10), TimeSpan.Zero));

    [Fact]
    public async Task A_world_with_pending_confirmed_reversed_and_expired_credits_passes_every_check()
    {
        await using var world = await LifecycleWorld.BuildAsync(_clock);

        var report = await world.CheckAsync();

        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(2, report[Invariant.SettlementMatchesPending].Checked);
        Assert.Equal(1, report[Invariant.ExpiryWithinDue].Checked);
    }

    [Fact]
    public async Task An_account_whose_pending_total_differs_from_its_entries_is_found()
    {
        await using var world = await LifecycleWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.PendingNeverSpendable,
            $"""UPDATE "CarbonAccounts" SET "PendingHundredths" = "PendingHundredths" + 100 WHERE "Id" = {world.Citizen.AccountId}""");

        Assert.Equal($"#{world.Citizen.AccountId} pending total is +1.00 against its entries", check.Samples.Single().Description);
    }

    [Fact]
    public async Task A_reversal_that_settles_no_pending_earn_is_found()
    {
        await using var world = await LifecycleWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.SettlementMatchesPending, $"""
            INSERT INTO "LedgerEntries" ("AccountId", "Kind", "CreditHundredths", "PendingHundredths", "BalanceAfterHundredths", "Milligrams",
                "IsGreenTrip", "SettlesEntryId", "Source", "OccurredAt", "RecordedAt")
            SELECT "AccountId", 'Reverse', 0, 0, "BalanceAfterHundredths", 0, 0, "Id", "Source", "OccurredAt", "RecordedAt"
            FROM "LedgerEntries" WHERE "AccountId" = {world.Citizen.AccountId} AND "Kind" = 'Adjust'
            """);

        Assert.Contains("does not match the pending earn", check.Samples.Single().Description);
    }

    [Fact]
    public async Task An_expiry_that_took_more_than_was_due_is_found()
    {
        await using var world = await LifecycleWorld.BuildAsync(_clock);

        // A deduction dated before the cutoff, slipped in after the expiry: less was due than the expiry took.
        var check = await PlantAndFindBrokenAsync(world, Invariant.ExpiryWithinDue, $"""
            INSERT INTO "LedgerEntries" ("AccountId", "Kind", "CreditHundredths", "PendingHundredths", "BalanceAfterHundredths", "Milligrams",
                "IsGreenTrip", "Description", "OccurredAt", "RecordedAt")
            VALUES ({world.Citizen.AccountId}, 'Adjust', -300, 0, 0, 0, 0, 'Planted', '2026-06-01 00:00:00', '2026-06-01 00:00:00');
            UPDATE "CarbonAccounts" SET "BalanceHundredths" = "BalanceHundredths" - 300 WHERE "Id" = {world.Citizen.AccountId};
            UPDATE "AccountCreditYears" SET "OutHundredths" = "OutHundredths" + 300 WHERE "AccountId" = {world.Citizen.AccountId} AND "Year" = 2026;
            """);

        Assert.Equal($"expiry #{world.ExpiryId} of credits earned through 2025 took 5.00; 2.00 was due", check.Samples.Single().Description);
    }

    [Fact]
    public async Task A_year_of_the_rollup_that_differs_from_the_entries_is_found()
    {
        await using var world = await LifecycleWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.CreditYearsEqualEntries,
            $"""UPDATE "AccountCreditYears" SET "InHundredths" = "InHundredths" + 1 WHERE "AccountId" = {world.Citizen.AccountId} AND "Year" = 2025""");

        Assert.Equal($"#{world.Citizen.AccountId} 2025: rollup in +0.01, out ±0 against the entries", check.Samples.Single().Description);
    }

    private static async Task<InvariantCheck> PlantAndFindBrokenAsync(LifecycleWorld world, Invariant broken, string fault)
    {
        await InvariantCheckerTests.RunRawSqlAsync(world.Database, fault);
        var report = await world.CheckAsync();
        Assert.Equal([broken], report.Broken);
        return report[broken];
    }

    /// <summary>
    /// A citizen granted 5 credits in 2025 that expired at the start of 2027, and three pending bus-ride events from a
    /// partner in December 2026: one confirmed, one reversed, one still pending.
    /// </summary>
    private sealed class LifecycleWorld(TestDatabase database, Citizen citizen, long expiryId) : IAsyncDisposable
    {
        public TestDatabase Database => database;
        public Citizen Citizen => citizen;
        public long ExpiryId => expiryId;

        public static async Task<LifecycleWorld> BuildAsync(TestClock clock)
        {
            var database = await TestDatabase.CreateAsync();
            var now = clock.UtcNow;
            clock.SetUtcNow(ChinaTime.Utc(2025, 5, 1, 10));
            var citizen = await new CitizenBuilder().WithCredits(5m).BuildAsync(database, clock);
            clock.SetUtcNow(now);
            var partner = await new PartnerBuilder().Reporting(Methodology.BusRide).BuildAsync(database, clock);
            await database.LinkAsync(clock, partner, citizen.AccountId, "u");
            var ride = (string id) => PartnerSetup.Event("u", Methodology.BusRide, 10, now.AddHours(-1), id) with { Pending = true };
            await database.SendAsync(clock, partner, ride("a"), ride("b"), ride("c"));
            await using var db = database.CreateContext();
            var settlements = new PartnerSettlements(db, CoreServices.Pending(db, clock), clock);
            await settlements.ConfirmAsync(partner.Identity, ["a"]);
            await settlements.ReverseAsync(partner.Identity, ["b"]);

            clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 1));
            await CoreServices.Expiry(db, clock).RunAsync();
            var expiry = db.LedgerEntries.Single(e => e.Kind == LedgerEntryKind.Expire);
            return new LifecycleWorld(database, citizen, expiry.Id);
        }

        public async Task<InvariantReport> CheckAsync()
        {
            await using var db = database.CreateContext();
            return await new InvariantChecker(db).CheckAsync();
        }

        public ValueTask DisposeAsync() => database.DisposeAsync();
    }
}
