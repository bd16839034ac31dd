using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Persistence;

public static class WriteTransactions
{
    /// <summary>
    /// The one seam for writes that read and then write. On SQLite, Microsoft.Data.Sqlite begins transactions as
    /// BEGIN IMMEDIATE: the write lock is taken up front, so two writers queue on the busy timeout instead of both
    /// reading a balance and one failing to upgrade its lock. Joins the caller's transaction when one is open, so
    /// rules compose (redeem = spend + issue; scan = earn + apply coupon).
    /// When the work fails, whoever opened the transaction rolls it back and forgets what the context was tracking,
    /// so a refused request leaves nothing behind, in the database or in a long-lived context.
    /// </summary>
    public static async Task<T> InWriteTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return await work();

        using var turn = await SqliteWriteTurns.TakeAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var result = await work();
            await transaction.CommitAsync(ct);
            return result;
        }
        catch
        {
            db.ChangeTracker.Clear();
            throw;
        }
    }
}
