using System.Text;

namespace CarbonHuitong.Core.Ledger;

public sealed partial class LedgerService
{
    /// <summary>
    /// Adds the entries to the regional monthly rollups (Government's DistrictMonthReductions and AccountMonthActivities),
    /// as statements appended to the rollup round trip: what a district did per month and behaviour (slotted by account
    /// as the daily rollup is), and that the account was active that month with that behaviour. The district is the
    /// account's at the time of the entry, read from its row inside each statement; no query of its own.
    /// A Spend is a coupon bought (the mall is the only place credits are spent); an Earn that carries a coupon's face
    /// value is a ride the coupon paid.
    /// </summary>
    private async Task AddToRegionalRollupsAsync(IReadOnlyList<LedgerEntry> fresh, StringBuilder sql, List<object> parameters, CancellationToken ct)
    {
        var counted = fresh.Where(e => e.Kind is LedgerEntryKind.Earn or LedgerEntryKind.Spend).ToList();
        if (counted.Count == 0) return;
        var districtRows = counted
            .GroupBy(e => (e.AccountId, Month: MonthOf(e.OccurredAt), Code: e.Kind == LedgerEntryKind.Earn ? e.BehaviourCode ?? "" : ""))
            .Select(g => new RegionalRow(g.Key.AccountId, g.Key.Month, g.Key.Code, DailyReduction.SlotOf(g.Key.AccountId),
                g.Key.Code.Length == 0 ? "" : g.First().Category?.ToString() ?? "",
                g.Sum(e => e.Kind == LedgerEntryKind.Earn ? e.Milligrams : 0), g.Sum(e => e.Kind == LedgerEntryKind.Earn ? e.CreditHundredths : 0),
                g.Count(e => e.Kind == LedgerEntryKind.Earn), g.Count(e => e.Kind == LedgerEntryKind.Spend),
                g.Count(e => e.Kind == LedgerEntryKind.Earn && e.CouponFaceValueFen is not null)))
            .OrderBy(r => r.Month).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Slot).ThenBy(r => r.AccountId)
            .ToList();

        // On PostgreSQL the district rows are locked in one order by every writer, (month, behaviour, slot, district),
        // so two batches never deadlock on them: a statement holds every account of a (month, behaviour, slot), whose
        // districts it orders, and statements follow each other in that order.
        foreach (var chunk in ChunkKeepingTogether(districtRows, r => (r.Month, r.Code, r.Slot)))
        {
            var values = RegionalValues(chunk, parameters, r => [r.AccountId, r.Month, r.Code, r.Slot, r.Category, r.Milligrams, r.CreditHundredths,
                r.Entries, r.CouponsRedeemed, r.CouponsUsed]);
            sql.Append($"""
                WITH v ("AccountId", "Month", "BehaviourCode", "Slot", "Category", "Milligrams", "CreditHundredths", "Entries",
                    "CouponsRedeemed", "CouponsUsed") AS (VALUES {values})
                INSERT INTO "DistrictMonthReductions" ("Month", "DistrictCode", "BehaviourCode", "Slot", "Category", "Milligrams",
                    "CreditHundredths", "Entries", "CouponsRedeemed", "CouponsUsed")
                SELECT v."Month", COALESCE(a."DistrictCode", ''), v."BehaviourCode", v."Slot", MAX(v."Category"), SUM(v."Milligrams"),
                    SUM(v."CreditHundredths"), SUM(v."Entries"), SUM(v."CouponsRedeemed"), SUM(v."CouponsUsed")
                FROM v JOIN "CarbonAccounts" AS a ON a."Id" = v."AccountId"
                WHERE true
                GROUP BY v."Month", v."BehaviourCode", v."Slot", COALESCE(a."DistrictCode", '')
                ORDER BY v."Month", v."BehaviourCode", v."Slot", COALESCE(a."DistrictCode", '')
                ON CONFLICT ("Month", "DistrictCode", "BehaviourCode", "Slot") DO UPDATE SET
                    "Milligrams" = "DistrictMonthReductions"."Milligrams" + excluded."Milligrams",
                    "CreditHundredths" = "DistrictMonthReductions"."CreditHundredths" + excluded."CreditHundredths",
                    "Entries" = "DistrictMonthReductions"."Entries" + excluded."Entries",
                    "CouponsRedeemed" = "DistrictMonthReductions"."CouponsRedeemed" + excluded."CouponsRedeemed",
                    "CouponsUsed" = "DistrictMonthReductions"."CouponsUsed" + excluded."CouponsUsed";

                """);
            await FlushWhenFullAsync(sql, parameters, ct);
        }

        // One row per account, month and behaviour: the accounts' own rows, which only their own (locked) account writes.
        var activity = districtRows.Where(r => r.Entries > 0).OrderBy(r => r.AccountId).ThenBy(r => r.Month).ThenBy(r => r.Code, StringComparer.Ordinal);
        foreach (var chunk in activity.Chunk(RollupRowsPerStatement))
        {
            var values = RegionalValues(chunk, parameters, r => [r.AccountId, r.Month, r.Code, r.Category, r.Entries]);
            sql.Append($"""
                WITH v ("AccountId", "Month", "BehaviourCode", "Category", "Entries") AS (VALUES {values})
                INSERT INTO "AccountMonthActivities" ("Month", "Category", "BehaviourCode", "DistrictCode", "AccountId", "Entries")
                SELECT v."Month", v."Category", v."BehaviourCode", COALESCE(a."DistrictCode", ''), v."AccountId", v."Entries"
                FROM v JOIN "CarbonAccounts" AS a ON a."Id" = v."AccountId"
                WHERE true
                ON CONFLICT ("Month", "Category", "BehaviourCode", "DistrictCode", "AccountId") DO UPDATE SET
                    "Entries" = "AccountMonthActivities"."Entries" + excluded."Entries";

                """);
            await FlushWhenFullAsync(sql, parameters, ct);
        }

        // The scopes each account was active in that month (Government's ActivitySpans), left for ActiveCitizenCounts to
        // count: only an account's first earn of a month in a scope inserts a row, and nothing here is shared between accounts.
        var spans = districtRows.Where(r => r.Entries > 0).Select(r => (r.AccountId, r.Month, r.Code, r.Category)).Distinct()
            .OrderBy(r => r.AccountId).ThenBy(r => r.Month).ThenBy(r => r.Code, StringComparer.Ordinal);
        foreach (var chunk in spans.Chunk(RollupRowsPerStatement))
        {
            var values = RegionalValues(chunk.Select(r => new RegionalRow(r.AccountId, r.Month, r.Code, 0, r.Category, 0, 0, 0, 0, 0)), parameters,
                r => [r.AccountId, r.Month, r.Code, r.Category]);
            sql.Append($"""
                WITH v ("AccountId", "Month", "BehaviourCode", "Category") AS (VALUES {values}),
                a AS (
                    SELECT v."AccountId", v."Month", v."BehaviourCode", v."Category", COALESCE(c."DistrictCode", '') AS "DistrictCode"
                    FROM v JOIN "CarbonAccounts" AS c ON c."Id" = v."AccountId"
                )
                INSERT INTO "ActivitySpans" ("Scope", "AccountId", "Month")
                SELECT "Scope", "AccountId", "Month" FROM (
                    SELECT '*' AS "Scope", "AccountId", "Month" FROM a
                    UNION SELECT 'd:' || "DistrictCode", "AccountId", "Month" FROM a
                    UNION SELECT 'c:' || "Category", "AccountId", "Month" FROM a
                    UNION SELECT 'dc:' || "DistrictCode" || ':' || "Category", "AccountId", "Month" FROM a
                    UNION SELECT 'b:' || "BehaviourCode", "AccountId", "Month" FROM a
                ) AS scopes
                WHERE true
                ON CONFLICT DO NOTHING;

                """);
            await FlushWhenFullAsync(sql, parameters, ct);
        }
    }

    private static DateOnly MonthOf(DateTime utc)
    {
        var day = PlatformTime.ChinaDateOf(utc);
        return new DateOnly(day.Year, day.Month, 1);
    }

    /// <summary>Chunks of about <see cref="RollupRowsPerStatement"/> rows that never split rows of one key.</summary>
    private static IEnumerable<List<RegionalRow>> ChunkKeepingTogether<TKey>(IReadOnlyList<RegionalRow> rows, Func<RegionalRow, TKey> key)
    {
        var chunk = new List<RegionalRow>();
        for (var i = 0; i < rows.Count; i++)
        {
            chunk.Add(rows[i]);
            var keyEnds = i + 1 == rows.Count || !EqualityComparer<TKey>.Default.Equals(key(rows[i]), key(rows[i + 1]));
            if (keyEnds && chunk.Count >= RollupRowsPerStatement)
            {
                yield return chunk;
                chunk = [];
            }
        }
        if (chunk.Count > 0) yield return chunk;
    }

    private sealed record RegionalRow(long AccountId, DateOnly Month, string Code, int Slot, string Category, long Milligrams, long CreditHundredths,
        long Entries, long CouponsRedeemed, long CouponsUsed);

    /// <summary>"(CAST({0} AS BIGINT), {1}, …), (…)": whole numbers are cast, since PostgreSQL types a VALUES list of parameters on its own.</summary>
    private static string RegionalValues(IEnumerable<RegionalRow> rows, List<object> parameters, Func<RegionalRow, object[]> columns)
    {
        var values = new StringBuilder();
        foreach (var row in rows)
        {
            var cells = columns(row);
            if (values.Length > 0) values.Append(", ");
            values.Append('(').AppendJoin(", ", cells.Select((cell, i) => cell is long or int
                ? $"CAST({{{parameters.Count + i}}} AS BIGINT)" : $"{{{parameters.Count + i}}}")).Append(')');
            parameters.AddRange(cells);
        }
        return values.ToString();
    }
}
