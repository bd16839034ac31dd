using Microsoft.Data.Sqlite;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// Another process holding the database file, as a backup tool or a stuck job would: its own connection, never
/// pooled (so nothing it sets reaches the app's connections, and closing it lets go of the file), holding its lock
/// until released.
/// </summary>
public sealed class DatabaseLock : IAsyncDisposable
{
    private SqliteConnection? _connection;

    private DatabaseLock(SqliteConnection connection) => _connection = connection;

    /// <summary>The write lock (BEGIN IMMEDIATE): every writer waits; in WAL mode readers go on.</summary>
    public static Task<DatabaseLock> TakeWriteLockAsync(TestDatabase database) => TakeAsync(database, "BEGIN IMMEDIATE;");

    /// <summary>
    /// The whole file, readers included: a connection in exclusive locking mode that is the first to open the WAL
    /// keeps its index in its own memory and the file locked for as long as it is open. Readers fail on a lock
    /// only like this in WAL mode, so it stands for the rare read that does.
    /// </summary>
    public static Task<DatabaseLock> TakeWholeFileAsync(TestDatabase database)
    {
        // Close the idle pooled connections, the app's included, so this one opens the WAL first.
        SqliteConnection.ClearAllPools();
        return TakeAsync(database, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
    }

    private static async Task<DatabaseLock> TakeAsync(TestDatabase database, string sql)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
        return new DatabaseLock(connection);
    }

    /// <summary>Lets go of the file without writing anything: what was begun is rolled back with the connection.</summary>
    public async Task ReleaseAsync()
    {
        if (_connection is null) return;
        await _connection.DisposeAsync();
        _connection = null;
    }

    public ValueTask DisposeAsync() => new(ReleaseAsync());
}
