using CarbonHuitong.Core;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Privacy;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>
/// The checker finds each fault planted with raw SQL in a world built through the real services (past the triggers,
/// unique indexes, foreign keys and CHECK constraints that keep the app from making it). SQLite only: the faults are
/// planted with SQLite's switches; <see cref="CleanWorldTests"/> shows the clean world passing on both stores.
/// </summary>
public sealed class InvariantCheckerTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_balance_changed_behind_the_ledgers_back_is_found_and_the_account_named()
    {
        await using var world = await BuildWorldAsync();
        await PlantAsync(world, $"""UPDATE "CarbonAccounts" SET "BalanceHundredths" = "BalanceHundredths" + 100 WHERE "Id" = {world.Rider.AccountId}""");

        var report = await world.CheckAsync();

        Assert.Equal([Invariant.BalanceEqualsEntries], report.Broken);
        var check = report[Invariant.BalanceEqualsEntries];
        Assert.Equal(1, check.Offending);
        // The rider's entries: 20.00 opening, -20.00 for the coupon, 1.10 for each of two bus rides.
        Assert.Equal([new Violation(world.Rider.AccountId, $"#{world.Rider.AccountId} balance 3.20 ≠ entries 2.20")], check.Samples);
        Assert.Contains(
            $"✗ balance equals sum of entries (accounts checked: 2) — 1 account: #{world.Rider.AccountId} balance 3.20 ≠ entries 2.20",
            report.ToString().Split(Environment.NewLine));
    }

    [Fact]
    public async Task Earned_and_green_trip_totals_changed_behind_the_ledgers_back_are_found()
    {
        await using var world = await BuildWorldAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.TotalsEqualEntries, $"""
            UPDATE "CarbonAccounts" SET "EarnedHundredths" = "EarnedHundredths" + 100, "GreenTrips" = "GreenTrips" + 1
            WHERE "Id" = {world.Saver.AccountId}
            """);

        // The saver earned 22.00 in one entry of 20 bus rides.
        Assert.Equal([new Violation(world.Saver.AccountId, $"#{world.Saver.AccountId} earned 23.00 ≠ entries 22.00, green trips 2 ≠ entries 1")],
            check.Samples);
    }

    [Fact]
    public async Task A_daily_rollup_that_drifted_from_the_ledger_is_found_and_the_account_named()
    {
        await using var world = await BuildWorldAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.RollupEqualsEarns, $"""
            UPDATE "AccountDailyReductions" SET "CreditHundredths" = "CreditHundredths" + 110, "Entries" = "Entries" + 1
            WHERE "AccountId" = {world.Saver.AccountId}
            """);

        // The saver earned 22.00 in one entry of 20 bus rides.
        Assert.Equal([new Violation(world.Saver.AccountId, $"#{world.Saver.AccountId} rollup 23.10 in 2 earns ≠ entries 22.00 in 1 earns")],
            check.Samples);
    }

    [Fact]
    public async Task A_coupon_used_on_two_rides_is_found_with_both_rides()
    {
        await using var world = await BuildWorldAsync();
        await PlantAsync(world, $"""
            DROP INDEX "IX_Rides_CouponId";
            UPDATE "Rides" SET "CouponId" = {world.RiderCouponId}, "CouponFaceValueFen" = 200, "AmountDueFen" = 0
            WHERE "Id" = {world.SecondRideId};
            """);

        var report = await world.CheckAsync();

        // The second ride's earn does not say that a coupon paid for it, either.
        Assert.Equal([Invariant.CouponOnOneRide, Invariant.RideEarnCarriesRide], report.Broken);
        Assert.Equal([new Violation(world.RiderCouponId, $"#{world.RiderCouponId} on rides #{world.FirstRideId} and #{world.SecondRideId}")],
            report[Invariant.CouponOnOneRide].Samples);
    }

    [Fact]
    public async Task A_ride_whose_earn_names_another_line_is_found()
    {
        await using var world = await BuildWorldAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.RideEarnCarriesRide,
            $"""UPDATE "Rides" SET "LineId" = 'cq-bus-999' WHERE "Id" = {world.FirstRideId};""");

        Assert.StartsWith($"#{world.FirstRideId} on line cq-bus-999", Assert.Single(check.Samples).Description);
    }

    [Fact]
    public async Task A_coupon_issued_without_its_spend_is_found()
    {
        await using var world = await BuildWorldAsync();

        // A redemption that took its unit of stock and issued the coupon, but never spent the credits.
        var check = await PlantAndFindBrokenAsync(world, Invariant.CouponPaidByItsSpend, $"""
            INSERT INTO "Coupons" ("Code", "AccountId", "MallItemId", "Kind", "TitleZh", "TitleEn", "FaceValueFen", "IssuedAt", "ExpiresAt", "Status", "RequestId", "SpendEntryId")
            SELECT 'FREECOUPON000001', "AccountId", "MallItemId", "Kind", "TitleZh", "TitleEn", "FaceValueFen", "IssuedAt", "ExpiresAt", "Status", 'free', 999999
            FROM "Coupons" WHERE "Id" = {world.SaverCouponId};
            UPDATE "MallItems" SET "StockLeft" = "StockLeft" - 1 WHERE "Id" = {world.Item.Id};
            """);

        await using var db = world.Database.CreateContext();
        var free = await db.Coupons.Where(c => c.Code == "FREECOUPON000001").Select(c => c.Id).SingleAsync();
        Assert.Equal([new Violation(free, $"#{free} has no Spend entry (#999999 is missing)")], check.Samples);
    }

    [Fact]
    public async Task A_spend_whose_coupon_is_gone_is_found()
    {
        await using var world = await BuildWorldAsync();
        await using var db = world.Database.CreateContext();
        var spend = await db.Coupons.Where(c => c.Id == world.SaverCouponId).Select(c => c.SpendEntryId).SingleAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.SpendPaysForOneCoupon,
            $"""DELETE FROM "Coupons" WHERE "Id" = {world.SaverCouponId}""");

        Assert.Equal([new Violation(spend, $"#{spend} of 20.00 from account #{world.Saver.AccountId} pays for no coupon")], check.Samples);
    }

    [Fact]
    public async Task A_ride_code_accepted_twice_is_found_naming_the_second_ride()
    {
        await using var world = await BuildWorldAsync();
        await using var db = world.Database.CreateContext();
        var nonce = await db.Rides.Where(r => r.Id == world.FirstRideId).Select(r => r.CodeNonce).SingleAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.RideCodeAcceptedOnce, $"""
            DROP INDEX "IX_Rides_AccountId_CodeNonce";
            UPDATE "Rides" SET "CodeNonce" = '{nonce}' WHERE "Id" = {world.SecondRideId};
            """);

        Assert.Equal(
            [new Violation(world.SecondRideId, $"account #{world.Rider.AccountId} code {nonce} on rides #{world.FirstRideId} and #{world.SecondRideId}")],
            check.Samples);
    }

    [Fact]
    public async Task Stock_below_zero_is_found()
    {
        await using var world = await BuildWorldAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.StockNotBelowZero,
            $"""UPDATE "MallItems" SET "StockLeft" = -1 WHERE "Id" = {world.Item.Id}""");

        Assert.Equal([new Violation(world.Item.Id, $"#{world.Item.Id} stock left -1")], check.Samples);
    }

    [Fact]
    public async Task Stock_put_back_beyond_what_the_batch_paid_for_is_found()
    {
        await using var world = await BuildWorldAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.CouponsWithinBatch,
            $"""UPDATE "MallItems" SET "StockLeft" = "StockLeft" + 1 WHERE "Id" = {world.Item.Id}""");

        Assert.Equal([new Violation(world.Item.Id, $"#{world.Item.Id} issued 2 + 99 left > batch #{world.Item.BatchId} of 100")], check.Samples);
    }

    [Fact]
    public async Task A_coupon_voided_behind_the_closures_back_on_an_open_account_is_found()
    {
        await using var world = await BuildWorldAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.VoidedCouponHasItsEntry,
            $"""UPDATE "Coupons" SET "Status" = 'Voided' WHERE "Id" = {world.SaverCouponId}""");

        Assert.Equal([new Violation(world.SaverCouponId, $"#{world.SaverCouponId} is voided but account #{world.Saver.AccountId} is open")],
            check.Samples);
    }

    [Fact]
    public async Task An_account_marked_closed_behind_the_closures_back_is_found_with_what_it_still_holds()
    {
        await using var world = await BuildWorldAsync();

        var check = await PlantAndFindBrokenAsync(world, Invariant.ClosedAccountHoldsNothing,
            $"""UPDATE "CarbonAccounts" SET "ClosedAt" = '2026-03-18 03:00:00' WHERE "Id" = {world.Rider.AccountId}""");

        // The rider keeps 2.20 credits, the Citizen role, no lockout and the email.
        Assert.Equal([new Violation(world.Rider.AccountId, $"#{world.Rider.AccountId} closed but holds 2.20, keeps 1 logins, tokens or roles, " +
            "is not locked out, keeps personal fields")], check.Samples);
    }

    [Fact]
    public async Task A_password_given_back_to_a_closed_account_is_found()
    {
        await using var world = await BuildWorldAsync();
        await world.Database.WithPasswordAsync(_clock, world.Saver);
        await world.Database.CloseAsync(_clock, world.Saver);
        Assert.True((await world.CheckAsync()).AllHold);

        var check = await PlantAndFindBrokenAsync(world, Invariant.ClosedAccountHoldsNothing,
            $"""UPDATE "AspNetUsers" SET "PasswordHash" = 'AQAAAAIAAYagAAAAE' WHERE "Id" = '{world.Saver.UserId}'""");

        Assert.Equal([new Violation(world.Saver.AccountId, $"#{world.Saver.AccountId} closed but keeps a password")], check.Samples);
    }

    [Fact]
    public async Task Ten_thousand_accounts_with_110_000_entries_are_checked_set_based_and_a_few_broken_balances_found_among_them()
    {
        await using var small = await LoadAsync(accounts: 10);
        await using var database = await LoadAsync(accounts: 10_000);

        var (smallReport, commandsForTen) = await CheckCountingCommandsAsync(small);
        var (report, commandsForTenThousand) = await CheckCountingCommandsAsync(database);

        Assert.True(smallReport.AllHold, smallReport.ToString());
        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(10_000, report[Invariant.BalanceEqualsEntries].Checked);
        Assert.Equal(10_000, report[Invariant.SpendPaysForOneCoupon].Checked);
        Assert.Equal(100_000, report[Invariant.RideCodeAcceptedOnce].Checked);
        // Aggregated in the database: as many statements for ten thousand accounts as for ten, never one per row
        // (a time limit here would only measure how busy the machine is).
        Assert.Equal(commandsForTen, commandsForTenThousand);

        long[] broken = [9_999, 13, 4_200, 7, 512, 2_026, 1];
        await RunRawSqlAsync(database, $"""
            UPDATE "CarbonAccounts" SET "BalanceHundredths" = "BalanceHundredths" + 1 WHERE "Id" IN ({string.Join(", ", broken)})
            """);
        var found = await CheckAsync(database);

        Assert.Equal([Invariant.BalanceEqualsEntries], found.Broken);
        var check = found[Invariant.BalanceEqualsEntries];
        Assert.Equal(7, check.Offending);
        Assert.Equal(new long[] { 1, 7, 13, 512, 2_026 }, check.Samples.Select(s => s.Id));
        Assert.Equal("#1 balance 6.01 ≠ entries 6.00", check.Samples[0].Description);
        Assert.EndsWith("— 7 accounts: #1 balance 6.01 ≠ entries 6.00; #7 balance 6.01 ≠ entries 6.00; #13 balance 6.01 ≠ entries 6.00; "
            + "#512 balance 6.01 ≠ entries 6.00; #2026 balance 6.01 ≠ entries 6.00; …", check.ToString());
    }

    /// <summary>
    /// <paramref name="accounts"/> accounts as a load leaves them, written straight into the tables: ten bus rides of
    /// 1.10 credits each, the last of them using the one coupon the account redeemed for 5.00. Eleven entries an account,
    /// the day's rollup of the ten rides, and the month's regional rollups.
    /// </summary>
    private async Task<TestDatabase> LoadAsync(int accounts)
    {
        var database = await InitializedDatabase.CopyAsync();
        var item = await new MallBuilder().Priced(5m).WithStock(accounts).BuildAsync(database, _clock);
        await RunRawSqlAsync(database, $"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts})
            INSERT INTO "CarbonAccounts" ("Id", "UserId", "OpenedAt", "BalanceHundredths", "EarnedHundredths", "SpentHundredths", "ReducedMilligrams", "GreenTrips")
            SELECT i, 'load-' || i, '2026-03-01 00:00:00', 600, 1100, 500, 1200000, 10 FROM n;

            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts * 11 - 1})
            INSERT INTO "LedgerEntries" ("Id", "AccountId", "Kind", "CreditHundredths", "BalanceAfterHundredths", "Milligrams", "IsGreenTrip",
                "BehaviourCode", "Category", "Source", "ExternalEventId", "Reference", "LineId", "CouponFaceValueFen", "OccurredAt", "RecordedAt")
            SELECT i + 1, i / 11 + 1,
                CASE WHEN i % 11 = 10 THEN 'Spend' ELSE 'Earn' END,
                CASE WHEN i % 11 = 10 THEN -500 ELSE 110 END,
                CASE WHEN i % 11 = 10 THEN 600 ELSE 110 * (i % 11 + 1) END,
                CASE WHEN i % 11 = 10 THEN 0 ELSE 120000 END,
                CASE WHEN i % 11 = 10 THEN 0 ELSE 1 END,
                CASE WHEN i % 11 = 10 THEN NULL ELSE 'bus_ride' END,
                CASE WHEN i % 11 = 10 THEN NULL ELSE 'Transport' END,
                CASE WHEN i % 11 = 10 THEN NULL ELSE 'transit' END,
                CASE WHEN i % 11 = 10 THEN NULL ELSE 'load/' || i END,
                CASE WHEN i % 11 = 10 THEN printf('C%015d', i / 11 + 1) ELSE NULL END,
                CASE WHEN i % 11 = 10 THEN NULL ELSE 'cq-bus-818' END,
                CASE WHEN i % 11 = 9 THEN 200 ELSE NULL END,
                '2026-03-01 00:00:00', '2026-03-01 00:00:00'
            FROM n;

            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts})
            INSERT INTO "Coupons" ("Id", "Code", "AccountId", "MallItemId", "Kind", "TitleZh", "TitleEn", "FaceValueFen", "IssuedAt", "ExpiresAt", "Status",
                "UsedAt", "UsedLineId", "UsedVehicleId", "RequestId", "SpendEntryId")
            SELECT i, printf('C%015d', i), i, {item.Id}, 'BusCoupon', '', 'Load coupon', 200, '2026-03-01 00:00:00', '2026-04-01 00:00:00', 'Used',
                '2026-03-01 00:00:00', 'cq-bus-818', 'bus-0417', 'load-' || i, i * 11
            FROM n;

            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts * 10 - 1})
            INSERT INTO "Rides" ("Id", "TerminalId", "ScanId", "AccountId", "CodeNonce", "LineId", "VehicleId", "FareFen", "ScannedAt", "RecordedAt",
                "EarnEntryId", "CreditsEarnedHundredths", "BalanceAfterHundredths", "CouponId", "CouponFaceValueFen", "AmountDueFen")
            SELECT i + 1, 'load-validator', 'scan-' || i, i / 10 + 1, 'nonce-' || i, 'cq-bus-818', 'bus-0417', 200,
                '2026-03-01 00:00:00', '2026-03-01 00:00:00', (i / 10) * 11 + i % 10 + 1, 110, 110 * (i % 10 + 1),
                CASE WHEN i % 10 = 9 THEN i / 10 + 1 ELSE NULL END, CASE WHEN i % 10 = 9 THEN 200 ELSE 0 END, CASE WHEN i % 10 = 9 THEN 0 ELSE 200 END
            FROM n;

            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts})
            INSERT INTO "AccountDailyReductions" ("AccountId", "Day", "Category", "Milligrams", "CreditHundredths", "Entries")
            SELECT i, '2026-03-01', 'Transport', 1200000, 1100, 10 FROM n;

            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts})
            INSERT INTO "AccountCreditYears" ("AccountId", "Year", "InHundredths", "OutHundredths")
            SELECT i, 2026, 1100, 500 FROM n;

            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts})
            INSERT INTO "DistrictMonthReductions" ("Month", "DistrictCode", "BehaviourCode", "Slot", "Category", "Milligrams", "CreditHundredths",
                "Entries", "CouponsRedeemed", "CouponsUsed")
            SELECT '2026-03-01', '', 'bus_ride', i % 16, 'Transport', COUNT(*) * 1200000, COUNT(*) * 1100, COUNT(*) * 10, 0, COUNT(*) FROM n GROUP BY i % 16
            UNION ALL
            SELECT '2026-03-01', '', '', i % 16, '', 0, 0, 0, COUNT(*), 0 FROM n GROUP BY i % 16;

            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts})
            INSERT INTO "AccountMonthActivities" ("Month", "Category", "BehaviourCode", "DistrictCode", "AccountId", "Entries")
            SELECT '2026-03-01', 'Transport', 'bus_ride', '', i, 10 FROM n;

            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {accounts})
            INSERT INTO "ActivitySpans" ("Scope", "AccountId", "Month")
            SELECT s."Scope", i, '2026-03-01' FROM n, (SELECT '*' AS "Scope" UNION ALL SELECT 'd:' UNION ALL SELECT 'c:Transport'
                UNION ALL SELECT 'dc::Transport' UNION ALL SELECT 'b:bus_ride') AS s;

            UPDATE "MallItems" SET "StockLeft" = 0 WHERE "Id" = {item.Id};
            """);
        return database;
    }

    private async Task<World> BuildWorldAsync() => await World.BuildAsync(await InitializedDatabase.CopyAsync(), _clock);

    /// <summary>
    /// Plants <paramref name="fault"/> in the world, runs the checker, and asserts that <paramref name="broken"/> is
    /// the one invariant it breaks; answers that invariant's check.
    /// </summary>
    private static async Task<InvariantCheck> PlantAndFindBrokenAsync(World world, Invariant broken, string fault)
    {
        await PlantAsync(world, fault);
        var report = await world.CheckAsync();
        Assert.Equal([broken], report.Broken);
        return report[broken];
    }

    private static async Task<(InvariantReport Report, int Commands)> CheckCountingCommandsAsync(TestDatabase database)
    {
        var counter = new CommandCounter();
        await using var db = new CarbonDbContext(new DbContextOptionsBuilder<CarbonDbContext>(database.Options).AddInterceptors(counter).Options);
        return (await new InvariantChecker(db).CheckAsync(), counter.Commands);
    }

    private static async Task<InvariantReport> CheckAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        return await new InvariantChecker(db).CheckAsync();
    }

    /// <summary>
    /// Runs <paramref name="sql"/> with foreign keys and CHECK constraints off, on a connection of its own that is
    /// closed for good afterwards (not pooled), so the switches end with it.
    /// </summary>
    private static Task PlantAsync(World world, string sql) => RunRawSqlAsync((TestDatabase)world.Database, sql);

    internal static async Task RunRawSqlAsync(TestDatabase database, string sql)
    {
        var unpooled = new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString();
        await using var connection = new SqliteConnection(unpooled);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON; " + sql;
        await command.ExecuteNonQueryAsync();
    }
}
