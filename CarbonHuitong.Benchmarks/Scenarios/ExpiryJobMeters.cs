using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Lifecycle;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>The real time, moved to start at <paramref name="start"/>: a job run at a chosen instant that still sees time pass.</summary>
internal sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => start + Stopwatch.GetElapsedTime(_origin);
}

/// <summary>
/// How long each write transaction held SQLite's write lock: from the moment BEGIN IMMEDIATE returned (the lock taken)
/// to the moment COMMIT or ROLLBACK returned. The wait for the turn and for the lock before it is not counted.
/// </summary>
internal sealed class WriteLockHolds : DbTransactionInterceptor
{
    private readonly ConcurrentDictionary<DbTransaction, long> _since = new();
    private long _heldTicks;

    public LatencyRecorder Holds { get; private set; } = new();

    /// <summary>All the holds together.</summary>
    public TimeSpan Held => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _heldTicks));

    /// <summary>Starts a new count (the holds so far are kept by whoever read <see cref="Holds"/>).</summary>
    public void Reset()
    {
        Holds = new LatencyRecorder();
        Interlocked.Exchange(ref _heldTicks, 0);
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        _since[result] = Stopwatch.GetTimestamp();
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        _since[result] = Stopwatch.GetTimestamp();
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Released(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Released(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Released(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Released(transaction);
        return Task.CompletedTask;
    }

    private void Released(DbTransaction transaction)
    {
        if (!_since.TryRemove(transaction, out var since)) return;
        var held = Stopwatch.GetTimestamp() - since;
        Holds.RecordElapsed(held);
        Interlocked.Add(ref _heldTicks, held);
    }
}

/// <summary>
/// Where a job's statement time goes, by statement kind ("INSERT LedgerEntries", "SELECT AccountCreditYears (candidates)"):
/// each command's execution (binding its parameters included), and for a query the reading of its rows until the reader
/// is disposed; and how much of it ran inside a transaction (under the write lock).
/// </summary>
internal sealed partial class StatementTimes : DbCommandInterceptor
{
    private ConcurrentDictionary<string, (long Ticks, int Count)> _times = new(StringComparer.Ordinal);
    private long _inTransactionTicks;

    public IReadOnlyList<(string Statement, TimeSpan Time, int Count)> Snapshot() =>
        _times.OrderByDescending(t => t.Value.Ticks).Select(t => (t.Key, Stopwatch.GetElapsedTime(0, t.Value.Ticks), t.Value.Count)).ToList();

    public TimeSpan InTransactions => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _inTransactionTicks));

    public void Reset()
    {
        _times = new ConcurrentDictionary<string, (long Ticks, int Count)>(StringComparer.Ordinal);
        Interlocked.Exchange(ref _inTransactionTicks, 0);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Add(command, eventData.Duration, executed: 1);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration, executed: 1);
        return ValueTask.FromResult(result);
    }

    /// <summary>The reading of a query's rows, timed from the end of its execution.</summary>
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Add(command, eventData.Duration, executed: 0);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Add(command, eventData.Duration, executed: 1);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration, executed: 1);
        return ValueTask.FromResult(result);
    }

    private void Add(DbCommand command, TimeSpan duration, int executed)
    {
        var ticks = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        _times.AddOrUpdate(KindOf(command.CommandText), _ => (ticks, executed), (_, t) => (t.Ticks + ticks, t.Count + executed));
        if (command.Transaction is not null) Interlocked.Add(ref _inTransactionTicks, ticks);
    }

    private static string KindOf(string sql)
    {
        if (sql.TrimStart().StartsWith("BEGIN", StringComparison.OrdinalIgnoreCase)) return "BEGIN";
        var first = FirstTable().Match(sql);
        if (!first.Success) return sql.Length > 30 ? sql[..30] : sql;
        var verb = first.Groups[1].Value.Split(' ')[0].ToUpperInvariant() switch { "FROM" => "SELECT", var v => v };
        var candidates = first.Groups[2].Value == "AccountCreditYears" && verb == "SELECT" && sql.Contains("LIMIT", StringComparison.Ordinal);
        return $"{verb} {first.Groups[2].Value}{(candidates ? " (candidates)" : "")}";
    }

    [GeneratedRegex(@"(INSERT INTO|UPDATE|DELETE FROM|FROM)\s+""(\w+)""", RegexOptions.IgnoreCase)]
    private static partial Regex FirstTable();
}

/// <summary>What each run of <see cref="CreditExpiry"/> under the lifecycle reported.</summary>
internal sealed class ExpiryRuns
{
    public ConcurrentQueue<ExpiryRunReport> Reports { get; } = new();
}

/// <summary>
/// The lifecycle's expiry step (<see cref="ExpireCreditsStep"/>), which also keeps the run's full report (batches, the
/// longest batch) that the step itself turns into a count.
/// </summary>
internal sealed class RecordedExpireCreditsStep(CreditExpiry expiry, ExpiryRuns runs) : ILifecycleStep
{
    public string Name => "accounts with credits expired";

    public async Task<long> RunAsync(CancellationToken ct)
    {
        var report = await expiry.RunAsync(ct);
        runs.Reports.Enqueue(report);
        return report.Accounts;
    }
}
