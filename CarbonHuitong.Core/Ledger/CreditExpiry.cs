using System.Diagnostics;
using System.Globalization;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Ledger;

/// <summary>The expiry policy (settings section <c>Expiry</c>).</summary>
public sealed class ExpiryOptions
{
    public const string Section = "Expiry";

    /// <summary>
    /// Credits earned in a year can be spent until the end of that many years after it, China time: with 1, what was
    /// earned in 2026 expires at 2027-12-31 23:59:59.
    /// </summary>
    public int ValidYears { get; set; } = 1;

    /// <summary>Accounts expired per write transaction: small enough that scans and redemptions wait only briefly behind one.</summary>
    public int BatchSize { get; set; } = 200;

    public const int MaxValidYears = 50;
    public const int MaxBatchSize = 5_000;

    public string? Problem() =>
        ValidYears is < 1 or > MaxValidYears ? $"{Section}:{nameof(ValidYears)} must be 1 to {MaxValidYears}."
        : BatchSize is < 1 or > MaxBatchSize ? $"{Section}:{nameof(BatchSize)} must be 1 to {MaxBatchSize:#,0}."
        : null;
}

/// <summary>When credits earned through a year expire.</summary>
public sealed record ExpiryPolicy(int ValidYears)
{
    /// <summary>The instant credits earned through <paramref name="year"/> expire: the start of 1 January, China time, after their last valid year.</summary>
    public DateTime CutoffUtc(int year) => PlatformTime.ChinaDateToUtc(new DateOnly(year + ValidYears + 1, 1, 1));

    /// <summary>The last China day credits earned in <paramref name="year"/> can be spent.</summary>
    public DateOnly LastDay(int year) => new(year + ValidYears, 12, 31);

    /// <summary>The latest year whose credits are due to expire at <paramref name="nowUtc"/>.</summary>
    public int LastYearDue(DateTime nowUtc) => PlatformTime.ChinaDateOf(nowUtc).Year - ValidYears - 1;
}

/// <param name="Amount">What will expire at the cutoff if nothing more is spent.</param>
/// <param name="LastDay">The last China day the credits can be spent; null when nothing is due to expire.</param>
public sealed record ExpiryForecast(Credits Amount, DateOnly? LastDay)
{
    public static readonly ExpiryForecast Nothing = new(Credits.Zero, null);
}

/// <summary>What a run of the expiry did, for its log and the benchmark.</summary>
public sealed record ExpiryRunReport(int Periods, int Accounts, Credits Expired, int Batches, TimeSpan LongestBatch);

/// <summary>
/// Credits expire oldest first, and what expires is computed, not stored on the entries: at the cutoff that ends
/// year Y + <see cref="ExpiryPolicy.ValidYears"/>, an account loses
/// max(0, credits in through year Y − credits out through the cutoff), where "in" is earns, confirmations and positive
/// adjustments, and "out" is spends, expiries, forfeits and negative adjustments. The sums are read from
/// <see cref="AccountCreditYear"/>, a few rows per account. Each expiry is one Expire entry per account and period,
/// keyed (source <see cref="Source"/>, event "&lt;year&gt;/&lt;account&gt;"), so a second run, a second server or a
/// redemption that got there first is answered as a twin and expires nothing more.
/// </summary>
public sealed partial class CreditExpiry(CarbonDbContext db, LedgerService ledger, IOptions<ExpiryOptions> options, TimeProvider clock,
    ILogger<CreditExpiry> logger)
{
    public const string Source = "expiry";
    public const string JobName = "credit-expiry";

    public static string EventIdFor(int earnedThroughYear, long accountId) =>
        string.Create(CultureInfo.InvariantCulture, $"{earnedThroughYear}/{accountId}");

    public ExpiryPolicy Policy => new(options.Value.ValidYears);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Expires what is due for one account before it spends (inside the caller's write transaction): a redemption on the
    /// day after a cutoff, before the job has run, never spends credits that are already gone.
    /// </summary>
    public async Task ExpireDueForAsync(long accountId, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("An account's due expiry is taken inside the write transaction that spends.");
        var policy = Policy;
        var now = Now;
        var lastDue = policy.LastYearDue(now);
        var years = await YearsOfAsync(accountId, ct);
        if (years.Count == 0 || years[0].Year > lastDue) return;
        var entries = new List<LedgerEntry>();
        var balance = await db.CarbonAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceHundredths).SingleAsync(ct);
        foreach (var (year, due) in DuePerPeriod(years, policy, lastDue))
        {
            var amount = Math.Min(due, balance);
            if (amount <= 0) continue;
            entries.Add(LedgerEntry.ExpireEarnedThrough(accountId, year, new Credits(amount), policy.CutoffUtc(year), now));
            balance -= amount;
        }
        if (entries.Count > 0) await ledger.AppendAsync(entries, ct);
    }

    /// <summary>What will expire next if nothing more is spent, and the last day to spend it: the account page's warning.</summary>
    public async Task<ExpiryForecast> ForecastAsync(long accountId, CancellationToken ct = default)
    {
        var policy = Policy;
        var years = await YearsOfAsync(accountId, ct);
        if (years.Count == 0) return ExpiryForecast.Nothing;
        var thisYear = PlatformTime.ChinaDateOf(Now).Year;
        // Every period up to this year's cutoff, with what is spent so far counted against the oldest first.
        foreach (var (year, due) in DuePerPeriod(years, policy, Math.Max(thisYear, years[^1].Year)))
        {
            if (policy.CutoffUtc(year) <= Now) continue;
            return new ExpiryForecast(new Credits(due), policy.LastDay(year));
        }
        return ExpiryForecast.Nothing;
    }

    /// <summary>
    /// The due amount of each period from the oldest, each period's expiry counted as out in the year it closes (as the
    /// Expire entry is dated), so the next period sees it.
    /// </summary>
    private static IEnumerable<(int Year, long Due)> DuePerPeriod(IReadOnlyList<AccountCreditYear> years, ExpiryPolicy policy, int lastYear)
    {
        var expiredLater = new Dictionary<int, long>();
        for (var year = years[0].Year; year <= lastYear; year++)
        {
            var closes = year + policy.ValidYears;
            var earned = years.Where(y => y.Year <= year).Sum(y => y.InHundredths);
            var spent = years.Where(y => y.Year <= closes).Sum(y => y.OutHundredths) + expiredLater.Where(e => e.Key <= closes).Sum(e => e.Value);
            var due = earned - spent;
            if (due <= 0) continue;
            expiredLater[closes] = expiredLater.GetValueOrDefault(closes) + due;
            yield return (year, due);
        }
    }

    private Task<List<AccountCreditYear>> YearsOfAsync(long accountId, CancellationToken ct) =>
        db.AccountCreditYears.AsNoTracking().Where(y => y.AccountId == accountId).OrderBy(y => y.Year).ToListAsync(ct);

    /// <summary>
    /// Expires every period due by now, in batches of <see cref="ExpiryOptions.BatchSize"/> accounts, each its own
    /// short write transaction. Periods finished before are remembered in the job's lease and skipped.
    /// </summary>
    public async Task<ExpiryRunReport> RunAsync(CancellationToken ct = default)
    {
        if (options.Value.Problem() is { } problem) throw new InvalidOperationException(problem);
        var policy = Policy;
        var lastDue = policy.LastYearDue(Now);
        var finished = await JobLeases.ProgressAsync(db, JobName, ct) is { } progress ? int.Parse(progress, CultureInfo.InvariantCulture) : (int?)null;
        var firstYear = await db.AccountCreditYears.MinAsync(y => (int?)y.Year, ct);
        if (firstYear is null) return new ExpiryRunReport(0, 0, Credits.Zero, 0, TimeSpan.Zero);
        var report = new ExpiryRunReport(0, 0, Credits.Zero, 0, TimeSpan.Zero);
        for (var year = Math.Max(firstYear.Value, (finished ?? int.MinValue) + 1); year <= lastDue; year++)
        {
            report = Add(report, await ExpirePeriodAsync(year, policy, ct));
            await JobLeases.SetProgressAsync(db, JobName, year.ToString(CultureInfo.InvariantCulture), ct);
        }
        if (report.Accounts > 0) Expired(report.Accounts, report.Expired.ToString(), report.Periods, report.Batches, report.LongestBatch.TotalMilliseconds);
        return report;
    }

    private static ExpiryRunReport Add(ExpiryRunReport a, ExpiryRunReport b) => new(a.Periods + b.Periods, a.Accounts + b.Accounts,
        a.Expired + b.Expired, a.Batches + b.Batches, a.LongestBatch > b.LongestBatch ? a.LongestBatch : b.LongestBatch);

    /// <summary>One period: the accounts with something due are found in pages outside the write turn, then each page
    /// is recomputed and expired inside its own transaction, so what another writer spent meanwhile is seen.</summary>
    private async Task<ExpiryRunReport> ExpirePeriodAsync(int year, ExpiryPolicy policy, CancellationToken ct)
    {
        var batchSize = options.Value.BatchSize;
        var cutoff = policy.CutoffUtc(year);
        var closes = year + policy.ValidYears;
        long after = 0;
        int accounts = 0, batches = 0;
        long expired = 0;
        var longest = TimeSpan.Zero;
        while (true)
        {
            var candidates = await db.Database.SqlQuery<long>($"""
                SELECT y."AccountId" AS "Value" FROM "AccountCreditYears" AS y
                WHERE y."Year" <= {closes} AND y."AccountId" > {after}
                GROUP BY y."AccountId"
                HAVING SUM(CASE WHEN y."Year" <= {year} THEN y."InHundredths" ELSE 0 END) - SUM(y."OutHundredths") > 0
                ORDER BY y."AccountId"
                LIMIT {batchSize}
                """).ToListAsync(ct);
            if (candidates.Count == 0) break;
            after = candidates[^1];
            var started = Stopwatch.GetTimestamp();
            var (count, amount) = await db.InWriteTransactionAsync(() => ExpireBatchAsync(candidates, year, closes, cutoff, ct), ct);
            var held = Stopwatch.GetElapsedTime(started);
            if (held > longest) longest = held;
            accounts += count;
            expired += amount;
            batches++;
        }
        return new ExpiryRunReport(1, accounts, new Credits(expired), batches, longest);
    }

    private sealed record DueRow(long AccountId, long Due, long Balance);

    private async Task<(int Accounts, long Expired)> ExpireBatchAsync(List<long> accountIds, int year, int closes, DateTime cutoff, CancellationToken ct)
    {
        var now = Now;
        await ledger.LockForDecisionAsync(accountIds.Select(id => (Source, EventIdFor(year, id))), accountIds, ct);
        // The ids are our own longs, written into the statement so SQLite need not look up hundreds of parameters.
        var ids = string.Join(",", accountIds.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var due = await db.Database.ReadAsync($"""
            SELECT y."AccountId", CAST(SUM(CASE WHEN y."Year" <= {year} THEN y."InHundredths" ELSE 0 END) - SUM(y."OutHundredths") AS BIGINT) AS "Due",
                a."BalanceHundredths" AS "Balance"
            FROM "AccountCreditYears" AS y JOIN "CarbonAccounts" AS a ON a."Id" = y."AccountId"
            WHERE y."Year" <= {closes} AND y."AccountId" IN ({ids}) AND a."ClosedAt" IS NULL
            GROUP BY y."AccountId", a."BalanceHundredths"
            """, [], row => new DueRow(row.GetInt64(0), row.GetInt64(1), row.GetInt64(2)), ct);
        var entries = due.Where(d => d.Due > 0 && d.Balance > 0)
            .Select(d =>
            {
                if (d.Due > d.Balance) MoreDueThanHeld(d.AccountId, year, new Credits(d.Due).ToString(), new Credits(d.Balance).ToString());
                return LedgerEntry.ExpireEarnedThrough(d.AccountId, year, new Credits(Math.Min(d.Due, d.Balance)), cutoff, now);
            })
            .ToList();
        if (entries.Count == 0) return (0, 0);
        var outcomes = await ledger.AppendAsync(entries, ct);
        var appended = outcomes.Where(o => o.Status == AppendStatus.Appended).ToList();
        return (appended.Count, -appended.Sum(o => o.Credits.Hundredths));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Credit expiry: {Accounts} accounts lost {Credits} credits over {Periods} periods, in {Batches} batches (longest {LongestMs:0.0} ms)")]
    private partial void Expired(int accounts, string credits, int periods, int batches, double longestMs);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Credit expiry: account {AccountId} has {Due} due for {Year} but holds {Balance}; only the balance expires")]
    private partial void MoreDueThanHeld(long accountId, int year, string due, string balance);
}
