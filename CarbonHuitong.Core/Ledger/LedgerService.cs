using System.Text;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CarbonHuitong.Core.Ledger;

public enum AppendStatus
{
    Appended,

    /// <summary>The same event (source and external id) was recorded before, for this account; nothing new was written.</summary>
    Twin,

    /// <summary>The same event was recorded before for another account; nothing was written.</summary>
    Conflict,
}

/// <summary>What the ledger did with one entry of an append.</summary>
/// <param name="EntryId">The new entry, or the earlier one for a twin or a conflict.</param>
/// <param name="Balance">The account's balance after the entry; for a twin, the account's balance now.</param>
public sealed record AppendOutcome(AppendStatus Status, long EntryId, long AccountId, Credits Credits, CarbonMass Reduction, Credits Balance);

/// <summary>
/// The one write path of the ledger. Every change of a balance is an entry appended by <see cref="AppendAsync(IReadOnlyList{LedgerEntry}, CancellationToken)"/>,
/// which, in one transaction and set-based for a batch, finds the twins, moves each account's totals with a conditional
/// update (a balance never goes below zero), appends the entries and keeps the daily rollups in step.
/// </summary>
public sealed partial class LedgerService(CarbonDbContext db, TimeProvider clock)
{
    private const string AppendSavepoint = "ledger_append";

    // SQLite finds each named parameter by scanning the statement's list, and every parameter of a command in every
    // statement of it: a statement of P parameters costs about P²/2 compares. Large statements were a third of a
    // partner batch's CPU (CarbonHuitong.Benchmarks ingest, perf), so batches go as many small statements, each its own
    // command once it carries a few hundred parameters; a scan's single-row statements still share one round trip.
    private const int AccountsPerStatement = 50;
    private const int RollupRowsPerStatement = 50;
    private const int ParametersPerCommand = 300;

    /// <summary>A batch this large is written as multi-row inserts (<see cref="LedgerEntryInserts"/>); a scan's one entry stays one INSERT.</summary>
    private const int EntriesForSetInsert = 2;

    /// <summary>
    /// Appends the entries in one transaction (or inside the caller's), with one outcome per entry in their order.
    /// An entry whose event was already recorded, before or earlier in the same batch, is answered as a twin (or a
    /// conflict, for another account) and does not abort the rest, on either store. A balance that would go below zero
    /// refuses the whole append with <c>insufficient_credits</c>, writing nothing.
    /// </summary>
    public Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is { } callers && (entries.Count > 1 || entries.Any(e => e.ExternalEventId is not null)))
            return AppendWithinAsync(callers, entries, ct);
        return db.InWriteTransactionFindingTwinsAsync(() => AppendInTransactionAsync(entries, findTwins: true, ct), ct);
    }

    /// <summary>
    /// A batch inside the caller's transaction runs behind a savepoint, so that it too writes all or nothing: a refusal
    /// rolls back only the batch, and a twin refused by the index (one that got in while we looked) is rolled back
    /// and found on a second attempt, leaving the caller's transaction usable on either store.
    /// </summary>
    private async Task<IReadOnlyList<AppendOutcome>> AppendWithinAsync(IDbContextTransaction callers, IReadOnlyList<LedgerEntry> entries,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await callers.CreateSavepointAsync(AppendSavepoint, ct);
            try
            {
                var outcomes = await AppendInTransactionAsync(entries, findTwins: true, ct);
                await callers.ReleaseSavepointAsync(AppendSavepoint, ct);
                return outcomes;
            }
            catch (Exception failure)
            {
                await callers.RollbackToSavepointAsync(AppendSavepoint, ct);
                foreach (var entry in entries) db.Entry(entry).State = EntityState.Detached;
                if (attempt == 1 && WriteTransactions.IsUniqueViolation(failure)) continue;
                throw;
            }
        }
    }

    public async Task<AppendOutcome> AppendAsync(LedgerEntry entry, CancellationToken ct = default) => (await AppendAsync([entry], ct))[0];

    /// <summary>
    /// Appends one entry without looking for its twin first: the unique (source, event id) index refuses a twin, which
    /// ends the transaction. Only for a caller that owns the transaction, answers such a refusal through the write
    /// seam's <c>earlier</c>, and looked for its own earlier recording before taking the lock (the scan: a retry is
    /// answered from its ride). It saves the hot path a query under the write lock.
    /// </summary>
    public async Task<AppendOutcome> AppendCheckedByCallerAsync(LedgerEntry entry, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Only a caller that owns the transaction answers a twin refused by the index.");
        return (await AppendInTransactionAsync([entry], findTwins: false, ct))[0];
    }

    /// <summary>
    /// For a caller inside its write transaction that decides what to append from what the ledger already holds (a
    /// daily cap, the same act from another source): takes the locks an append would take, in the same order (the
    /// events, then the accounts), so what it reads cannot change before it appends. SQLite's write lock already holds.
    /// </summary>
    public async Task LockForDecisionAsync(IEnumerable<(string Source, string ExternalEventId)> events, IEnumerable<long> accountIds,
        CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Locks for a decision are taken inside the caller's write transaction.");
        await LockEventKeysAsync(events.Select(e => EventKey(e.Source, e.ExternalEventId)), ct);
        await LockAccountIdsAsync(accountIds, minimum: 1, ct);
    }

    /// <summary>
    /// The earns of these accounts and behaviours that happened in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>),
    /// in one query on the (account, time) index: what a daily cap has used and what a new report may repeat.
    /// </summary>
    public async Task<IReadOnlyList<EarnNearby>> FindEarnsAsync(IReadOnlyCollection<long> accountIds, IReadOnlyCollection<string> behaviourCodes,
        DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        if (accountIds.Count == 0 || behaviourCodes.Count == 0) return [];
        // An act is the earn that counted it, or the pending earn that holds it (its confirmation restates it, so it is left out).
        var earns = db.LedgerEntries.AsNoTracking().Where(e => ((e.Kind == LedgerEntryKind.Earn && e.SettlesEntryId == null) || e.Kind == LedgerEntryKind.Pending)
            && e.OccurredAt >= fromUtc && e.OccurredAt < toUtc);
        earns = accountIds.Count == 1 ? earns.Where(e => e.AccountId == accountIds.First()) : earns.Where(e => accountIds.Contains(e.AccountId));
        earns = behaviourCodes.Count == 1 ? earns.Where(e => e.BehaviourCode == behaviourCodes.First()) : earns.Where(e => behaviourCodes.Contains(e.BehaviourCode!));
        var rows = await earns.Select(e => new { e.Id, e.AccountId, e.BehaviourCode, e.Source, e.OccurredAt, e.Milligrams, e.Kind, e.Quantity, e.MilligramsPerUnit })
            .ToListAsync(ct);
        return rows.Select(e => new EarnNearby(e.Id, e.AccountId, e.BehaviourCode!, e.Source!, e.OccurredAt,
            e.Kind == LedgerEntryKind.Pending ? LedgerEntry.MilligramsFor(e.Quantity!.Value, e.MilligramsPerUnit!.Value) : e.Milligrams)).ToList();
    }

    /// <summary>Of these entries, those a report from <paramref name="source"/> already named as the same act: one act, one report per source.</summary>
    public async Task<IReadOnlySet<long>> FindReportedAgainAsync(IReadOnlyCollection<long> entryIds, string source, CancellationToken ct = default)
    {
        if (entryIds.Count == 0) return new HashSet<long>();
        return (await db.DuplicateReports.AsNoTracking().Where(r => r.Source == source && entryIds.Contains(r.EntryId))
            .Select(r => r.EntryId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>Keeps later reports of acts already counted, beside the entries that counted them; they move no balance.</summary>
    public async Task RecordDuplicatesAsync(IReadOnlyList<DuplicateReport> reports, CancellationToken ct = default)
    {
        if (reports.Count == 0) return;
        db.DuplicateReports.AddRange(reports);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Spends credits; refused with <c>insufficient_credits</c>, writing nothing, when the balance is short.</summary>
    public Task<AppendOutcome> SpendAsync(long accountId, Credits price, string description, string? reference, CancellationToken ct = default) =>
        AppendAsync(LedgerEntry.Spend(accountId, price, description, reference, Now), ct);

    public Task<AppendOutcome> ExpireAsync(long accountId, Credits amount, string reason, CancellationToken ct = default) =>
        AppendAsync(LedgerEntry.Expire(accountId, amount, reason, Now), ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<IReadOnlyList<AppendOutcome>> AppendInTransactionAsync(IReadOnlyList<LedgerEntry> entries, bool findTwins, CancellationToken ct)
    {
        if (entries.Count == 0) return [];
        var recorded = new Dictionary<(string, string), Recorded>();
        // Only events from a source can have twins; a spend, an expiry or an adjustment is its own request.
        var findsTwins = findTwins && entries.Any(e => e.ExternalEventId is not null);
        if (findsTwins) await LockEventsAsync(entries, ct);
        await LockAccountsAsync(entries, ct);
        if (findsTwins) recorded = await FindRecordedAsync(entries, ct);

        var outcomes = new AppendOutcome?[entries.Count];
        var fresh = new List<LedgerEntry>(entries.Count);
        var firstInBatch = new Dictionary<(string, string), LedgerEntry>();
        var twinsInBatch = new List<(int Index, LedgerEntry First)>();
        var freshAt = new List<int>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.ExternalEventId is { } eventId)
            {
                var key = (entry.Source!, eventId);
                if (recorded.TryGetValue(key, out var earlier))
                {
                    outcomes[i] = earlier.AnswerFor(entry.AccountId);
                    continue;
                }
                if (firstInBatch.TryGetValue(key, out var first))
                {
                    twinsInBatch.Add((i, first));
                    continue;
                }
                firstInBatch[key] = entry;
            }
            fresh.Add(entry);
            freshAt.Add(i);
        }

        var balances = fresh.Count == 0 ? [] : await MoveTotalsAsync(fresh, ct);
        SetBalancesAfter(fresh, balances);
        if (fresh.Count >= EntriesForSetInsert) await new LedgerEntryInserts(db).InsertAsync(fresh, ct);
        else db.LedgerEntries.AddRange(fresh);
        // Also what the caller added to the context before appending, as it always was.
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        await AddToRollupsAsync(fresh, ct);

        for (var f = 0; f < fresh.Count; f++)
        {
            var entry = fresh[f];
            outcomes[freshAt[f]] = new AppendOutcome(AppendStatus.Appended, entry.Id, entry.AccountId, entry.Credits, new CarbonMass(entry.Milligrams),
                new Credits(entry.BalanceAfterHundredths));
        }
        foreach (var (index, first) in twinsInBatch)
        {
            var twin = entries[index];
            outcomes[index] = new AppendOutcome(twin.AccountId == first.AccountId ? AppendStatus.Twin : AppendStatus.Conflict, first.Id,
                first.AccountId, first.Credits, new CarbonMass(first.Milligrams), new Credits(balances.GetValueOrDefault(first.AccountId)));
        }
        // A twin answered from before this append still says what the account holds now.
        return outcomes.Select(o => o!.Status == AppendStatus.Twin && balances.TryGetValue(o.AccountId, out var now) ? o with { Balance = new Credits(now) } : o!)
            .ToList();
    }

    /// <summary>
    /// On PostgreSQL, every event of the batch is locked first (a transaction-level advisory lock on its source and id,
    /// in one order), so a twin of it being written by another transaction, for any account, is waited for and then
    /// found, instead of refusing a statement. SQLite's BEGIN IMMEDIATE already let no other writer in.
    /// </summary>
    private Task LockEventsAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct) =>
        LockEventKeysAsync(entries.Where(e => e.ExternalEventId is not null).Select(e => EventKey(e.Source!, e.ExternalEventId!)), ct);

    private static string EventKey(string source, string externalEventId) => source + "/" + externalEventId;

    private async Task LockEventKeysAsync(IEnumerable<string> keys, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return;
        var events = keys.Distinct().ToArray();
        if (events.Length == 0) return;
        await db.Database.ExecuteSqlAsync($"""
            SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(e, 0) AS k FROM unnest({events}) AS e ORDER BY 1 OFFSET 0) AS keys
            """, ct);
    }

    /// <summary>
    /// On PostgreSQL, a batch's accounts are locked in id order before their totals move, so two batches that share
    /// accounts wait for each other instead of deadlocking. One account needs no order: its update takes its lock.
    /// </summary>
    private Task LockAccountsAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct) =>
        LockAccountIdsAsync(entries.Select(e => e.AccountId), minimum: 2, ct);

    private async Task LockAccountIdsAsync(IEnumerable<long> accounts, int minimum, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return;
        var accountIds = accounts.Distinct().Order().ToArray();
        if (accountIds.Length < minimum) return;
        await db.Database.SqlQuery<long>($"""
            SELECT "Id" AS "Value" FROM "CarbonAccounts" WHERE "Id" = ANY({accountIds}) ORDER BY "Id" FOR UPDATE
            """).ToListAsync(ct);
    }

    private sealed record Recorded(long Id, long AccountId, long CreditHundredths, long Milligrams, long BalanceHundredths)
    {
        public AppendOutcome AnswerFor(long accountId) => new(accountId == AccountId ? AppendStatus.Twin : AppendStatus.Conflict, Id, AccountId,
            new Credits(CreditHundredths), new CarbonMass(Milligrams), new Credits(BalanceHundredths));
    }

    /// <summary>The entries already recorded for these events, found by the unique (source, external id) index.</summary>
    private async Task<Dictionary<(string, string), Recorded>> FindRecordedAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken ct)
    {
        var found = new Dictionary<(string, string), Recorded>();
        foreach (var bySource in entries.Where(e => e.ExternalEventId is not null).GroupBy(e => e.Source!))
        {
            var source = bySource.Key;
            var eventIds = bySource.Select(e => e.ExternalEventId!).Distinct().ToList();
            var candidates = db.LedgerEntries.AsNoTracking().Where(e => e.Source == source);
            candidates = eventIds.Count == 1
                ? candidates.Where(e => e.ExternalEventId == eventIds[0])
                : candidates.Where(e => eventIds.Contains(e.ExternalEventId!));
            var rows = await candidates
                .Join(db.CarbonAccounts, e => e.AccountId, a => a.Id,
                    (e, a) => new { e.ExternalEventId, Row = new Recorded(e.Id, e.AccountId, e.CreditHundredths, e.Milligrams, a.BalanceHundredths) })
                .ToListAsync(ct);
            foreach (var row in rows) found[(source, row.ExternalEventId!)] = row.Row;
        }
        return found;
    }

    private sealed class AccountMove
    {
        public long AccountId { get; init; }
        public long Delta { get; set; }
        public long Earned { get; set; }
        public long Spent { get; set; }
        public long Milligrams { get; set; }
        public long Trips { get; set; }
        public long Pending { get; set; }

        /// <summary>1 when every entry is a correction (an adjustment, an expiry, a reversal), which a frozen account still takes.</summary>
        public long CorrectionsOnly { get; set; } = 1;

        /// <summary>The lowest the balance goes below its start while the entries are applied in order (zero or less).</summary>
        public long Lowest { get; set; }
    }

    /// <summary>What a frozen account still takes: corrections by an administrator or by the rules, never an earn or a spend.</summary>
    private static bool IsCorrection(LedgerEntryKind kind) =>
        kind is LedgerEntryKind.Adjust or LedgerEntryKind.Expire or LedgerEntryKind.Reverse or LedgerEntryKind.Void or LedgerEntryKind.Forfeit;

    /// <summary>
    /// Moves every account's totals by its entries in one statement per thousand accounts, refusing an account whose
    /// balance would go below zero at any entry, or that was closed (so a closed account never earns, rides or redeems), and answers each account's new balance (RETURNING: SQLite 3.35+ and PostgreSQL).
    /// </summary>
    private async Task<Dictionary<long, long>> MoveTotalsAsync(IReadOnlyList<LedgerEntry> fresh, CancellationToken ct)
    {
        var moves = new Dictionary<long, AccountMove>();
        foreach (var entry in fresh)
        {
            if (!moves.TryGetValue(entry.AccountId, out var move)) moves[entry.AccountId] = move = new AccountMove { AccountId = entry.AccountId };
            move.Delta += entry.CreditHundredths;
            move.Lowest = Math.Min(move.Lowest, move.Delta);
            if (entry.Kind == LedgerEntryKind.Earn) move.Earned += entry.CreditHundredths;
            if (entry.Kind == LedgerEntryKind.Spend) move.Spent -= entry.CreditHundredths;
            move.Milligrams += entry.Milligrams;
            move.Pending += entry.PendingHundredths;
            if (entry.IsGreenTrip && entry.Kind == LedgerEntryKind.Earn) move.Trips++;
            if (!IsCorrection(entry.Kind)) move.CorrectionsOnly = 0;
        }

        var balances = new Dictionary<long, long>(moves.Count);
        if (moves.Count == 1)
        {
            // One account (a scan, a redemption): the plain statement as an interpolated scalar query. The same update
            // through SqlQueryRaw into a row type cost about 0.3 ms more of CPU per scan (measured: 517–816 scans/s
            // against 849–942/s).
            var move = moves.Values.First();
            var moved = await db.Database.SqlQuery<long>($"""
                UPDATE "CarbonAccounts" SET
                    "BalanceHundredths" = "BalanceHundredths" + {move.Delta},
                    "EarnedHundredths" = "EarnedHundredths" + {move.Earned},
                    "SpentHundredths" = "SpentHundredths" + {move.Spent},
                    "ReducedMilligrams" = "ReducedMilligrams" + {move.Milligrams},
                    "GreenTrips" = "GreenTrips" + {move.Trips},
                    "PendingHundredths" = "PendingHundredths" + {move.Pending}
                WHERE "Id" = {move.AccountId} AND "BalanceHundredths" + {move.Lowest} >= 0 AND "ClosedAt" IS NULL
                    AND ("FrozenAt" IS NULL OR {move.CorrectionsOnly} = 1)
                RETURNING "BalanceHundredths" AS "Value"
                """).ToListAsync(ct);
            if (moved.Count == 0) throw await RefusalAsync(move, ct);
            balances[move.AccountId] = moved[0];
            return balances;
        }
        foreach (var chunk in moves.Values.Chunk(AccountsPerStatement))
        {
            var (sql, parameters) = TotalsStatement(chunk);
            foreach (var (id, balance) in await db.Database.ReadAsync(sql, parameters, row => (row.GetInt64(0), row.GetInt64(1)), ct))
                balances[id] = balance;
        }
        if (balances.Count < moves.Count) throw await RefusalAsync(moves.Values.First(m => !balances.ContainsKey(m.AccountId)), ct);
        return balances;
    }

    private static (string Sql, object[] Parameters) TotalsStatement(IReadOnlyList<AccountMove> moves)
    {
        const string set = """
            "BalanceHundredths" = a."BalanceHundredths" + m."Delta",
            "EarnedHundredths" = a."EarnedHundredths" + m."Earned",
            "SpentHundredths" = a."SpentHundredths" + m."Spent",
            "ReducedMilligrams" = a."ReducedMilligrams" + m."Milligrams",
            "GreenTrips" = a."GreenTrips" + m."Trips",
            "PendingHundredths" = a."PendingHundredths" + m."Pending"
            """;
        var parameters = new List<object>(moves.Count * 9);
        var rows = new StringBuilder();
        foreach (var move in moves)
        {
            var at = parameters.Count;
            if (rows.Length > 0) rows.Append(", ");
            // CAST: PostgreSQL otherwise types a VALUES list of parameters as text.
            rows.Append('(').AppendJoin(", ", Enumerable.Range(at, 9).Select(i => $"CAST({{{i}}} AS BIGINT)")).Append(')');
            parameters.AddRange([move.AccountId, move.Delta, move.Earned, move.Spent, move.Milligrams, move.Trips, move.Lowest, move.Pending,
                move.CorrectionsOnly]);
        }
        var sql = $"""
            WITH m ("AccountId", "Delta", "Earned", "Spent", "Milligrams", "Trips", "Lowest", "Pending", "CorrectionsOnly") AS (VALUES {rows})
            UPDATE "CarbonAccounts" AS a SET
            {set}
            FROM m WHERE a."Id" = m."AccountId" AND a."BalanceHundredths" + m."Lowest" >= 0 AND a."ClosedAt" IS NULL
                AND (a."FrozenAt" IS NULL OR m."CorrectionsOnly" = 1)
            RETURNING "Id", "BalanceHundredths"
            """;
        return (sql, parameters.ToArray());
    }

    private async Task<DomainException> RefusalAsync(AccountMove refused, CancellationToken ct)
    {
        var account = await db.CarbonAccounts.Where(a => a.Id == refused.AccountId)
            .Select(a => new { a.BalanceHundredths, Closed = a.ClosedAt != null, Frozen = a.FrozenAt != null, a.FrozenReason }).SingleOrDefaultAsync(ct);
        return account switch
        {
            null => new DomainException(ErrorCodes.AccountNotFound, $"There is no carbon account {refused.AccountId}."),
            { Closed: true } => new DomainException(ErrorCodes.AccountClosed, "This account was closed by its owner."),
            { Frozen: true } when refused.CorrectionsOnly == 0 => new DomainException(ErrorCodes.AccountFrozen,
                $"This account is frozen: {account.FrozenReason}"),
            _ => new DomainException(ErrorCodes.InsufficientCredits,
                $"This needs {new Credits(-refused.Lowest)} credits; the balance is {new Credits(account.BalanceHundredths)}."),
        };
    }

    /// <summary>Each entry records the balance it left, counted back from the account's new balance.</summary>
    private static void SetBalancesAfter(IReadOnlyList<LedgerEntry> fresh, Dictionary<long, long> balances)
    {
        foreach (var byAccount in fresh.GroupBy(e => e.AccountId))
        {
            var running = balances[byAccount.Key] - byAccount.Sum(e => e.CreditHundredths);
            foreach (var entry in byAccount)
            {
                running += entry.CreditHundredths;
                entry.SetBalanceAfter(running);
            }
        }
    }

    /// <summary>
    /// Keeps the platform's and each account's per-day totals, each account's credits in and out per China year (what
    /// the expiry reads), and the regional monthly rollups, in step with the ledger, in the same transaction and in one
    /// round trip: the entries are added up per row first, then upserted. The platform's and the districts' rows, which
    /// other writers share, come first so that on PostgreSQL their locks are held only for the rest of this transaction.
    /// </summary>
    private async Task AddToRollupsAsync(IReadOnlyList<LedgerEntry> fresh, CancellationToken ct)
    {
        var earns = fresh.Where(e => e.Kind == LedgerEntryKind.Earn).ToList();
        var platform = earns
            .GroupBy(e => (Day: PlatformTime.ChinaDateOf(e.OccurredAt), Code: e.BehaviourCode!, Slot: DailyReduction.SlotOf(e.AccountId)))
            .Select(g => new RollupRow(g.Key.Day, g.Key.Code, g.Key.Slot, g.First().Category?.ToString() ?? "", g.Sum(e => e.Milligrams),
                g.Sum(e => e.CreditHundredths), g.Count()))
            .OrderBy(r => r.Day).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Key)
            .ToList();
        var accounts = earns
            .GroupBy(e => (e.AccountId, Day: PlatformTime.ChinaDateOf(e.OccurredAt), Category: e.Category?.ToString() ?? ""))
            .Select(g => new RollupRow(g.Key.Day, g.Key.Category, g.Key.AccountId, g.Key.Category, g.Sum(e => e.Milligrams),
                g.Sum(e => e.CreditHundredths), g.Count()))
            .OrderBy(r => r.Key).ThenBy(r => r.Day).ThenBy(r => r.Category, StringComparer.Ordinal)
            .ToList();
        var years = fresh.Where(e => e.CreditHundredths != 0)
            .GroupBy(e => (e.AccountId, Year: PlatformTime.ChinaDateOf(e.OccurredAt).Year))
            .Select(g => new CreditYearRow(g.Key.AccountId, g.Key.Year, g.Sum(e => Math.Max(e.CreditHundredths, 0)), g.Sum(e => Math.Max(-e.CreditHundredths, 0))))
            .OrderBy(r => r.AccountId).ThenBy(r => r.Year)
            .ToList();

        var sql = new StringBuilder();
        var parameters = new List<object>();
        foreach (var chunk in platform.Chunk(RollupRowsPerStatement))
        {
            var values = Values(chunk, parameters, r => [r.Day, r.Code, (int)r.Key, r.Category, r.Milligrams, r.CreditHundredths, r.Entries]);
            sql.Append($"""
                INSERT INTO "DailyReductions" ("Day", "BehaviourCode", "Slot", "Category", "Milligrams", "CreditHundredths", "Entries")
                VALUES {values}
                ON CONFLICT ("Day", "BehaviourCode", "Slot") DO UPDATE SET
                    "Milligrams" = "DailyReductions"."Milligrams" + excluded."Milligrams",
                    "CreditHundredths" = "DailyReductions"."CreditHundredths" + excluded."CreditHundredths",
                    "Entries" = "DailyReductions"."Entries" + excluded."Entries";

                """);
            await FlushWhenFullAsync(sql, parameters, ct);
        }
        await AddToRegionalRollupsAsync(fresh, sql, parameters, ct);
        foreach (var chunk in accounts.Chunk(RollupRowsPerStatement))
        {
            var values = Values(chunk, parameters, r => [r.Key, r.Day, r.Category, r.Milligrams, r.CreditHundredths, r.Entries]);
            sql.Append($"""
                INSERT INTO "AccountDailyReductions" ("AccountId", "Day", "Category", "Milligrams", "CreditHundredths", "Entries")
                VALUES {values}
                ON CONFLICT ("AccountId", "Day", "Category") DO UPDATE SET
                    "Milligrams" = "AccountDailyReductions"."Milligrams" + excluded."Milligrams",
                    "CreditHundredths" = "AccountDailyReductions"."CreditHundredths" + excluded."CreditHundredths",
                    "Entries" = "AccountDailyReductions"."Entries" + excluded."Entries";

                """);
            await FlushWhenFullAsync(sql, parameters, ct);
        }
        foreach (var chunk in years.Chunk(RollupRowsPerStatement))
        {
            var values = new StringBuilder();
            foreach (var row in chunk)
            {
                var at = parameters.Count;
                if (values.Length > 0) values.Append(", ");
                values.Append($"({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{{at + 3}}})");
                parameters.AddRange([row.AccountId, row.Year, row.InHundredths, row.OutHundredths]);
            }
            sql.Append($"""
                INSERT INTO "AccountCreditYears" ("AccountId", "Year", "InHundredths", "OutHundredths")
                VALUES {values}
                ON CONFLICT ("AccountId", "Year") DO UPDATE SET
                    "InHundredths" = "AccountCreditYears"."InHundredths" + excluded."InHundredths",
                    "OutHundredths" = "AccountCreditYears"."OutHundredths" + excluded."OutHundredths";

                """);
            await FlushWhenFullAsync(sql, parameters, ct);
        }
        if (sql.Length > 0) await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
    }

    private sealed record CreditYearRow(long AccountId, int Year, long InHundredths, long OutHundredths);

    /// <summary>Statements go to the store together, in one round trip, until their parameters near what one command may carry.</summary>
    private async Task FlushWhenFullAsync(StringBuilder sql, List<object> parameters, CancellationToken ct)
    {
        if (parameters.Count < ParametersPerCommand) return;
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        sql.Clear();
        parameters.Clear();
    }

    /// <param name="Key">The platform row's slot, or the account row's account.</param>
    private sealed record RollupRow(DateOnly Day, string Code, long Key, string Category, long Milligrams, long CreditHundredths, long Entries);

    /// <summary>"({0}, {1}, …), (…)" for the rows, their values added to <paramref name="parameters"/>.</summary>
    private static string Values(IEnumerable<RollupRow> rows, List<object> parameters, Func<RollupRow, object[]> columns)
    {
        var values = new StringBuilder();
        foreach (var row in rows)
        {
            var cells = columns(row);
            if (values.Length > 0) values.Append(", ");
            values.Append('(').AppendJoin(", ", Enumerable.Range(parameters.Count, cells.Length).Select(i => $"{{{i}}}")).Append(')');
            parameters.AddRange(cells);
        }
        return values.ToString();
    }
}
