using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Persistence;

/// <summary>
/// SQLite has one writer at a time. The writers of this process wait for their turn here and are woken, in order,
/// the moment the writer before them commits. Without it, each would poll the file lock, and Microsoft.Data.Sqlite
/// sleeps between polls, so a queue of a few scans turned into waits of hundreds of milliseconds.
/// Correctness does not rest on it: BEGIN IMMEDIATE still takes the file's lock, which keeps other processes out.
/// </summary>
internal static class SqliteWriteTurns
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Turns = new(StringComparer.Ordinal);

    public static async ValueTask<Turn> TakeAsync(DbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return default;
        var turn = Turns.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        // The queue is part of the wait for the lock, so the busy timeout bounds both together.
        var busyTimeout = TimeSpan.FromSeconds(db.Database.GetCommandTimeout() ?? SqliteStore.DefaultBusyTimeout.TotalSeconds);
        if (!await turn.WaitAsync(busyTimeout, ct))
            throw new DomainException(ErrorCodes.Unavailable, "The store is busy and could not take this write in time; nothing was written. Try again in a moment.");
        return new Turn(turn);
    }

    internal readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
