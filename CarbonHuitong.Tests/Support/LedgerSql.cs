using System.Data.Common;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CarbonHuitong.Tests.Support;

/// <summary>An account's totals, in the units the database keeps them.</summary>
public sealed record LedgerTotals(long BalanceHundredths, long EarnedHundredths, long SpentHundredths, long ReducedMilligrams, long GreenTrips);

/// <summary>
/// Reads straight from the tables with plain SQL, so a test checks the ledger against the database
/// rather than against the code under test. The SQL is what SQLite and PostgreSQL both read (quoted names, CASE for
/// MAX/GREATEST and for summing booleans), so the same assertions hold on either store.
/// </summary>
public static class LedgerSql
{
    /// <summary>What the account's entries add up to.</summary>
    public static Task<LedgerTotals> SumEntriesAsync(this CarbonDbContext db, long accountId) =>
        db.ReadTotalsAsync("""
            SELECT COALESCE(SUM("CreditHundredths"), 0),
                   COALESCE(SUM(CASE WHEN "Kind" = 'Earn' THEN "CreditHundredths" ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN "Kind" = 'Spend' THEN -"CreditHundredths" ELSE 0 END), 0),
                   COALESCE(SUM("Milligrams"), 0),
                   COALESCE(SUM(CASE WHEN "IsGreenTrip" THEN 1 ELSE 0 END), 0)
            FROM "LedgerEntries" WHERE "AccountId" = @id
            """, accountId);

    /// <summary>The running totals on the account row.</summary>
    public static Task<LedgerTotals> AccountTotalsAsync(this CarbonDbContext db, long accountId) =>
        db.ReadTotalsAsync("""
            SELECT "BalanceHundredths", "EarnedHundredths", "SpentHundredths", "ReducedMilligrams", "GreenTrips"
            FROM "CarbonAccounts" WHERE "Id" = @id
            """, accountId);

    public static Task<long> CountEntriesAsync(this CarbonDbContext db, long accountId) =>
        db.ScalarAsync("""SELECT COUNT(*) FROM "LedgerEntries" WHERE "AccountId" = @id""", accountId);

    /// <summary>Entries whose recorded balance-after differs from the running sum of the entries up to them.</summary>
    public static Task<long> CountEntriesOffTheirRunningBalanceAsync(this CarbonDbContext db, long accountId) =>
        db.ScalarAsync("""
            SELECT COUNT(*) FROM (
                SELECT "BalanceAfterHundredths", SUM("CreditHundredths") OVER (ORDER BY "Id") AS Running
                FROM "LedgerEntries" WHERE "AccountId" = @id) AS entries
            WHERE "BalanceAfterHundredths" <> Running
            """, accountId);

    public static Task<long> CountAllEntriesAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""SELECT COUNT(*) FROM "LedgerEntries" """, 0);

    /// <summary>Accounts whose balance differs from the sum of their entries.</summary>
    public static Task<long> CountAccountsOffTheirEntriesAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""
            SELECT COUNT(*) FROM "CarbonAccounts" a
            WHERE a."BalanceHundredths" <> (SELECT COALESCE(SUM(e."CreditHundredths"), 0) FROM "LedgerEntries" e WHERE e."AccountId" = a."Id")
            """, 0);

    public static Task<long> CountCouponsAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""SELECT COUNT(*) FROM "Coupons" """, 0);

    /// <summary>Spend entries whose reference is the code of a coupon.</summary>
    public static Task<long> CountCouponSpendsAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""
            SELECT COUNT(*) FROM "LedgerEntries" e
            WHERE e."Kind" = 'Spend' AND EXISTS (SELECT 1 FROM "Coupons" c WHERE c."Code" = e."Reference")
            """, 0);

    /// <summary>Coupons not paid for by a Spend entry of their own account that names their code.</summary>
    public static Task<long> CountCouponsWithoutTheirSpendAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""
            SELECT COUNT(*) FROM "Coupons" c
            WHERE NOT EXISTS (SELECT 1 FROM "LedgerEntries" e
                              WHERE e."Id" = c."SpendEntryId" AND e."Kind" = 'Spend' AND e."Reference" = c."Code" AND e."AccountId" = c."AccountId")
            """, 0);

    /// <summary>Spend entries that no coupon points back to.</summary>
    public static Task<long> CountSpendsWithoutTheirCouponAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""
            SELECT COUNT(*) FROM "LedgerEntries" e
            WHERE e."Kind" = 'Spend' AND NOT EXISTS (SELECT 1 FROM "Coupons" c WHERE c."SpendEntryId" = e."Id" AND c."Code" = e."Reference")
            """, 0);

    public static Task<long> StockLeftAsync(this CarbonDbContext db, long itemId) =>
        db.ScalarAsync("""SELECT "StockLeft" FROM "MallItems" WHERE "Id" = @id""", itemId);

    public static Task<long> CountRidesAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""SELECT COUNT(*) FROM "Rides" """, 0);

    public static Task<long> CountUsedCouponsAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""SELECT COUNT(*) FROM "Coupons" WHERE "Status" = 'Used'""", 0);

    /// <summary>Rides not credited by an Earn entry of their own account for a bus ride, under the scan's event id.</summary>
    public static Task<long> CountRidesWithoutTheirEarnAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""
            SELECT COUNT(*) FROM "Rides" r
            WHERE NOT EXISTS (SELECT 1 FROM "LedgerEntries" e
                              WHERE e."Id" = r."EarnEntryId" AND e."AccountId" = r."AccountId" AND e."Kind" = 'Earn'
                                AND e."BehaviourCode" = 'bus_ride' AND e."Source" = 'transit'
                                AND e."ExternalEventId" = r."TerminalId" || '/' || r."ScanId"
                                AND e."CreditHundredths" = r."CreditsEarnedHundredths")
            """, 0);

    /// <summary>Earn entries from the transit feed that no ride points back to.</summary>
    public static Task<long> CountTransitEarnsWithoutTheirRideAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""
            SELECT COUNT(*) FROM "LedgerEntries" e
            WHERE e."Source" = 'transit' AND NOT EXISTS (SELECT 1 FROM "Rides" r WHERE r."EarnEntryId" = e."Id")
            """, 0);

    /// <summary>
    /// Used coupons not applied by exactly one ride of their account, on that ride's line and vehicle; and rides
    /// that applied a coupon still unused, or charged other than the fare less the face value (never below zero).
    /// </summary>
    public static Task<long> CountCouponsOffTheirRideAsync(this CarbonDbContext db) =>
        db.ScalarAsync("""
            SELECT (SELECT COUNT(*) FROM "Coupons" c
                    WHERE c."Status" = 'Used'
                      AND (SELECT COUNT(*) FROM "Rides" r
                           WHERE r."CouponId" = c."Id" AND r."AccountId" = c."AccountId" AND r."CouponFaceValueFen" = c."FaceValueFen"
                             AND r."LineId" = c."UsedLineId" AND r."VehicleId" = c."UsedVehicleId") <> 1)
                 + (SELECT COUNT(*) FROM "Rides" r
                    WHERE (r."CouponId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Coupons" c WHERE c."Id" = r."CouponId" AND c."Status" = 'Used'))
                       OR (r."CouponId" IS NULL AND r."CouponFaceValueFen" <> 0)
                       OR r."AmountDueFen" <> CASE WHEN r."FareFen" > r."CouponFaceValueFen" THEN r."FareFen" - r."CouponFaceValueFen" ELSE 0 END)
            """, 0);

    private static async Task<LedgerTotals> ReadTotalsAsync(this CarbonDbContext db, string sql, long accountId)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = Command(db, sql, accountId);
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) throw new InvalidOperationException($"There is no carbon account {accountId}.");
            // PostgreSQL sums bigints as numeric.
            long At(int column) => Convert.ToInt64(reader.GetValue(column));
            return new LedgerTotals(At(0), At(1), At(2), At(3), At(4));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> ScalarAsync(this CarbonDbContext db, string sql, long accountId)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = Command(db, sql, accountId);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static DbCommand Command(CarbonDbContext db, string sql, long accountId)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        if (!sql.Contains("@id", StringComparison.Ordinal)) return command;
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = accountId;
        command.Parameters.Add(id);
        return command;
    }
}
