using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CarbonHuitong.Core.Persistence;

public static class WriteTransactions
{
    /// <summary>
    /// The one seam for writes that read and then write. On SQLite, Microsoft.Data.Sqlite begins transactions as
    /// BEGIN IMMEDIATE: the write lock is taken up front, so two writers queue on the busy timeout instead of both
    /// reading a balance and one failing to upgrade its lock. Joins the caller's transaction when one is open, so
    /// rules compose (redeem = spend + issue; scan = earn + apply coupon).
    /// When the work fails, whoever opened the transaction rolls it back and forgets what the context was tracking,
    /// so a refused request leaves nothing behind, in the database or in a long-lived context. A lock still held by
    /// someone else when the busy timeout runs out refuses the request as unavailable before anything is written.
    /// </summary>
    public static async Task<T> InWriteTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work();

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
