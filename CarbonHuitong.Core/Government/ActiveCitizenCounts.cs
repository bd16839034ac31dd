using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// Keeps <see cref="ActiveCitizenCount"/> up to date with the <see cref="ActivitySpan"/> rows the ledger wrote since
/// (those without a previous month), and reads a period's distinct active citizens from it: a sum over a few rows per
/// scope and month, so a dashboard's time does not grow with the citizens or the ledger.
/// <para>
/// The counting is done here, set-based, rather than on every earn: a span is written only on an account's first earn
/// of a month in a scope, but its count rows are shared by every citizen, and on PostgreSQL every scan would queue on
/// them. Regional statistics catch up before they read, and the lifecycle job does so on its schedule, so a reader
/// rarely waits. Two catch-ups never count a row twice: on SQLite the write turn orders them; on PostgreSQL an advisory
/// lock does, and the second finds nothing left to count.
/// </para>
/// </summary>
public sealed class ActiveCitizenCounts(CarbonDbContext db)
{
    /// <summary>An arbitrary key for PostgreSQL's advisory lock that serializes catch-ups.</summary>
    private const long CatchUpLock = 0x4361_7262_6f6e_4143;

    /// <returns>The spans counted.</returns>
    public async Task<long> CatchUpAsync(CancellationToken ct = default)
    {
        if (!await db.ActivitySpans.AnyAsync(s => s.PreviousMonth == null, ct)) return 0;
        return await db.InWriteTransactionAsync(async () =>
        {
            var sqlite = db.Database.IsSqlite();
            if (!sqlite) await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({CatchUpLock})", ct);
            var none = ActivityScope.NoPreviousMonth;
            await db.Database.ExecuteSqlRawAsync(Affected + CountChanges, [none], ct);
            await db.Database.ExecuteSqlRawAsync(sqlite ? UnregisteredSqlite : UnregisteredPostgres, [none], ct);
            return (long)await db.Database.ExecuteSqlRawAsync(Affected + MarkCounted, [none], ct);
        }, ct);
    }

    /// <summary>
    /// The rows whose previous month is to be (re)computed: the uncounted ones, and the next counted month of each in its
    /// scope, whose previous month an uncounted row may now be. Any later row's previous month lies after the new one.
    /// </summary>
    private const string Affected = """
        WITH pending AS (
            SELECT "Scope", "AccountId", "Month" FROM "ActivitySpans" WHERE "PreviousMonth" IS NULL
        ),
        affected AS (
            SELECT "Scope", "AccountId", "Month" FROM pending
            UNION
            SELECT p."Scope", p."AccountId", (SELECT MIN(x."Month") FROM "ActivitySpans" AS x
                WHERE x."Scope" = p."Scope" AND x."AccountId" = p."AccountId" AND x."Month" > p."Month")
            FROM pending AS p
        )
        """;

    private const string PreviousOfSpan = """
        COALESCE((SELECT MAX(y."Month") FROM "ActivitySpans" AS y
            WHERE y."Scope" = s."Scope" AND y."AccountId" = s."AccountId" AND y."Month" < s."Month"), {0})
        """;

    /// <summary>Each affected row moves from the count of its stored previous month (none while uncounted) to the count of its true one.</summary>
    private const string CountChanges = $$"""
        ,
        recounted AS (
            SELECT s."Scope", s."Month", s."PreviousMonth" AS "Stored", {{PreviousOfSpan}} AS "Previous"
            FROM affected AS a
            JOIN "ActivitySpans" AS s ON s."Scope" = a."Scope" AND s."AccountId" = a."AccountId" AND s."Month" = a."Month"
        ),
        changes AS (
            SELECT "Scope", "Month", "Previous", 1 AS "Change" FROM recounted WHERE "Stored" IS NULL OR "Stored" <> "Previous"
            UNION ALL
            SELECT "Scope", "Month", "Stored", -1 FROM recounted WHERE "Stored" IS NOT NULL AND "Stored" <> "Previous"
        )
        INSERT INTO "ActiveCitizenCounts" ("Month", "Scope", "PreviousMonth", "Citizens")
        SELECT "Month", "Scope", "Previous", SUM("Change") FROM changes
        WHERE true
        GROUP BY "Month", "Scope", "Previous"
        HAVING SUM("Change") <> 0
        ORDER BY "Month", "Scope", "Previous"
        ON CONFLICT ("Month", "Scope", "PreviousMonth") DO UPDATE SET "Citizens" = "ActiveCitizenCounts"."Citizens" + excluded."Citizens";
        """;

    private const string MarkCounted = """

        UPDATE "ActivitySpans" SET "PreviousMonth" = COALESCE((SELECT MAX(y."Month") FROM "ActivitySpans" AS y
            WHERE y."Scope" = "ActivitySpans"."Scope" AND y."AccountId" = "ActivitySpans"."AccountId" AND y."Month" < "ActivitySpans"."Month"), {0})
        WHERE ("Scope", "AccountId", "Month") IN (SELECT "Scope", "AccountId", "Month" FROM affected)
        """;

    /// <summary>Uncounted platform spans whose account was not registered at the month's end: a month's citizens include them.</summary>
    private const string UnregisteredTemplate = """
        INSERT INTO "ActiveCitizenCounts" ("Month", "Scope", "PreviousMonth", "Citizens")
        SELECT p."Month", 'u', {0}, COUNT(*)
        FROM "ActivitySpans" AS p JOIN "CarbonAccounts" AS a ON a."Id" = p."AccountId"
        WHERE p."Scope" = '*' AND p."PreviousMonth" IS NULL AND (a."OpenedAt" >= END_OF_MONTH OR a."ClosedAt" < END_OF_MONTH)
        GROUP BY p."Month"
        ORDER BY p."Month"
        ON CONFLICT ("Month", "Scope", "PreviousMonth") DO UPDATE SET "Citizens" = "ActiveCitizenCounts"."Citizens" + excluded."Citizens";
        """;

    // The China month's end as UTC: SQLite compares its text form with the stored times; PostgreSQL needs a timestamptz.
    private static readonly string UnregisteredSqlite = UnregisteredTemplate.Replace("END_OF_MONTH", """datetime(p."Month", '+1 month', '-8 hours')""");
    private static readonly string UnregisteredPostgres = UnregisteredTemplate.Replace("END_OF_MONTH",
        """((p."Month" + interval '1 month' - interval '8 hours') AT TIME ZONE 'UTC')""");

    /// <summary>Every scope's active citizens over the period and in each of its months, after catching up.</summary>
    public async Task<ActiveCitizenTable> ReadAsync(MonthRange period, CancellationToken ct = default)
    {
        await CatchUpAsync(ct);
        var (from, to) = period;
        var rows = await db.ActiveCitizenCounts.AsNoTracking().Where(c => c.Month >= from && c.Month <= to)
            .GroupBy(c => new { c.Scope, c.Month })
            .Select(g => new
            {
                g.Key.Scope, g.Key.Month, InMonth = g.Sum(c => c.Citizens),
                FirstInPeriod = g.Sum(c => c.PreviousMonth < from ? c.Citizens : 0),
            })
            .ToListAsync(ct);
        return new ActiveCitizenTable(
            rows.GroupBy(r => r.Scope).ToDictionary(g => g.Key, g => g.Sum(r => r.FirstInPeriod)),
            rows.ToDictionary(r => (r.Scope, r.Month), r => r.InMonth));
    }

    /// <summary>The citizens registered at the end of each month up to <paramref name="to"/>, by the district they name now.</summary>
    public async Task<RegisteredCitizens> RegisteredAsync(DateOnly to, CancellationToken ct = default)
    {
        var rows = await db.RegisteredCitizenMonths.AsNoTracking().Where(r => r.Month <= to)
            .Select(r => new { r.Month, r.DistrictCode, Change = r.Opened - r.Closed }).ToListAsync(ct);
        return new RegisteredCitizens(rows.Select(r => (r.Month, r.DistrictCode, r.Change)).ToList());
    }
}

/// <summary>The lifecycle job counts what the ledger wrote since, so that a dashboard rarely has anything to count first.</summary>
public sealed class CountActiveCitizensStep(ActiveCitizenCounts counts) : Lifecycle.ILifecycleStep
{
    public string Name => "activity months counted";

    public Task<long> RunAsync(CancellationToken ct) => counts.CatchUpAsync(ct);
}

/// <summary>A period's active citizens per <see cref="ActivityScope"/>: each citizen counted once over the period, and in each month.</summary>
public sealed class ActiveCitizenTable(IReadOnlyDictionary<string, long> overPeriod, IReadOnlyDictionary<(string, DateOnly), long> byMonth)
{
    public long Over(string scope) => overPeriod.GetValueOrDefault(scope);
    public long In(string scope, DateOnly month) => byMonth.GetValueOrDefault((scope, month));
}

/// <summary>Accounts opened less closed per month and district (<see cref="RegisteredCitizenMonth"/>), summed to a month's end.</summary>
public sealed class RegisteredCitizens(IReadOnlyList<(DateOnly Month, string DistrictCode, long Change)> changes)
{
    public long AtEndOf(DateOnly month, string districtCode) =>
        changes.Where(c => c.Month <= month && c.DistrictCode == districtCode).Sum(c => c.Change);

    public long AtEndOf(DateOnly month) => changes.Where(c => c.Month <= month).Sum(c => c.Change);

    public IReadOnlyDictionary<string, long> ByDistrictAtEndOf(DateOnly month) =>
        changes.Where(c => c.Month <= month).GroupBy(c => c.DistrictCode).ToDictionary(g => g.Key, g => g.Sum(c => c.Change));
}
