using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using static SQLitePCL.raw;

namespace CarbonHuitong.Core.Persistence;

/// <summary>
/// The one seam for writes that read and then write. It owns the transaction, and it answers a twin: when a unique
/// index refuses a write because the same request was already recorded (a repeated click, a validator's retry racing
/// its first try), the transaction is rolled back and the request is answered with the earlier result.
/// On SQLite, Microsoft.Data.Sqlite begins transactions as BEGIN IMMEDIATE: the write lock is taken up front, so two
/// writers queue on the busy timeout instead of both reading a balance and one failing to upgrade its lock.
/// A write inside a transaction that is already open joins it, so rules compose (redeem = spend + issue; scan = earn
/// + apply coupon); only whoever opened the transaction answers a twin, since a refused statement ends a PostgreSQL
/// transaction. Work meant to run inside a larger one finds its twins before it writes (see <see cref="Ledger.LedgerService.AppendAsync"/>).
/// When the work fails, whoever opened the transaction rolls it back and forgets what the context was tracking,
/// so a refused request leaves nothing behind, in the database or in a long-lived context. A lock still held by
/// someone else when the busy timeout runs out refuses the request as unavailable before anything is written.
/// </summary>
public static class WriteTransactions
{
    public static Task InWriteTransactionAsync(this DbContext db, Func<Task> work, CancellationToken ct = default) =>
        db.InWriteTransactionAsync<object?>(async () =>
        {
            await work();
            return null;
        }, earlier: null, ct);

    public static Task<T> InWriteTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken ct = default) =>
        db.InWriteTransactionAsync(work, earlier: null, ct);

    /// <param name="earlier">
    /// Looks for the earlier recording of this request after a unique index or a rule refused it: its answer is
    /// returned, and when it finds nothing the refusal stands. Runs outside the rolled-back transaction, so it sees the twin.
    /// </param>
    public static async Task<T> InWriteTransactionAsync<T>(this DbContext db, Func<Task<T>> work, Func<Task<T?>>? earlier,
        CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        try
        {
            return await InOwnTransactionAsync(db, work, ct);
        }
        // A refusal can be a twin's doing too: a repeated click that finds the balance already spent by its first click.
        catch (Exception twin) when (earlier is not null && (IsUniqueViolation(twin) || twin is DomainException { Code: not ErrorCodes.Unavailable }))
        {
            if (await earlier() is { } answer) return answer;
            throw;
        }
    }

    /// <summary>
    /// For work that finds its own twins once it holds its locks (the ledger's batch append): when a unique index
    /// still refused it, because a twin committed between the look and the write, the work runs once more and finds it.
    /// </summary>
    public static async Task<T> InWriteTransactionFindingTwinsAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work();
        try
        {
            return await InOwnTransactionAsync(db, work, ct);
        }
        catch (Exception twin) when (IsUniqueViolation(twin))
        {
            return await InOwnTransactionAsync(db, work, ct);
        }
    }

    private static async Task<T> InOwnTransactionAsync<T>(DbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        using var turn = await SqliteWriteTurns.TakeAsync(db, ct);
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        try
        {
            var result = await work();
            await transaction.CommitAsync(ct);
            return result;
        }
        catch (Exception failure)
        {
            db.ChangeTracker.Clear();
            if (StoreUnavailable.RefusalFor(failure) is { } refusal) throw refusal;
            throw;
        }
    }

    /// <summary>A unique index refused the write: the sign of a twin, on either store.</summary>
    public static bool IsUniqueViolation(Exception failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerException)
        {
            if (cause is SqliteException { SqliteErrorCode: SQLITE_CONSTRAINT, SqliteExtendedErrorCode: SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY })
                return true;
            if (cause is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
        }
        return false;
    }

    /// <summary>
    /// BEGIN IMMEDIATE is where a writer waits for the lock, and EF does not run it (nor COMMIT) under its execution
    /// strategy, so here a lock held past the busy timeout becomes <see cref="ErrorCodes.Unavailable"/> (see <see cref="StoreUnavailable"/>).
    /// </summary>
    private static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DbContext db, CancellationToken ct)
    {
        try
        {
            return await db.Database.BeginTransactionAsync(ct);
        }
        catch (Exception failure) when (StoreUnavailable.RefusalFor(failure) is { } refusal)
        {
            throw refusal;
        }
    }
}
