using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CarbonHuitong.Core.Persistence;

public static class WriteTransactions
{
    /// <summary>
    /// The one seam for transactions that read and then write. On SQLite, Microsoft.Data.Sqlite begins
    /// them as BEGIN IMMEDIATE: the write lock is taken up front, so two writers queue on the busy timeout
    /// instead of both reading a balance and one failing to upgrade its lock.
    /// Joins the caller's transaction when one is already open, so rules compose (redeem = spend + issue).
    /// </summary>
    public static async Task<IDbContextTransaction> BeginWriteTransactionAsync(this DbContext db, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null) return new JoinedTransaction();
        return await db.Database.BeginTransactionAsync(ct);
    }

    /// <summary>Commit and dispose belong to whoever opened the outer transaction.</summary>
    private sealed class JoinedTransaction : IDbContextTransaction
    {
        public Guid TransactionId { get; } = Guid.NewGuid();
        public void Commit() { }
        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public void Rollback() { }
        public Task RollbackAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
