using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarbonHuitong.Core.Persistence;

public static class SqliteStore
{
    /// <summary>
    /// How long a statement waits for another connection's lock before the request is refused as unavailable.
    /// 5 s because writers normally queue on the write lock for milliseconds (a scan or a redemption holds it for a
    /// few), and a burst of them for well under a second, while a lock held for seconds is an outage (a backup, a
    /// stuck process) that a client should hear about as a 503, not wait out. Not the validator's 300–500 ms gate
    /// budget: that is the validator's own deadline, and administrators' writes may fairly wait longer. Nor the
    /// library's 30 s: Microsoft.Data.Sqlite waits synchronously, so each waiting request holds a thread-pool thread.
    /// </summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The busy timeout to use: <paramref name="configured"/>, or the default; refuses what SQLite cannot honour exactly.</summary>
    public static TimeSpan BusyTimeoutOrDefault(TimeSpan? configured)
    {
        var timeout = configured ?? DefaultBusyTimeout;
        // Microsoft.Data.Sqlite counts its command timeout in whole seconds, and 0 would mean "wait for ever".
        if (timeout < TimeSpan.FromSeconds(1) || timeout.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentOutOfRangeException(nameof(configured), timeout, "The database busy timeout must be a whole number of seconds, at least 1.");
        return timeout;
    }

    /// <summary>
    /// Makes a relative <c>Data Source</c> absolute against <paramref name="baseDirectory"/> (the Web project's
    /// content root) and creates its folder, so the app finds the same file whatever the working directory.
    /// </summary>
    public static string ResolveConnectionString(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return builder.ToString();

        var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.GetFullPath(Path.Combine(baseDirectory, builder.DataSource));
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, Secrets.KeyFile.OwnerOnlyFolder);
        }
        builder.DataSource = path;
        return builder.ToString();
    }

    /// <summary>
    /// Creates the database file, empty, readable by the app's own user only (0600 on Unix), before SQLite opens it:
    /// SQLite would make it with the process's umask, and gives its -wal and -shm files the main file's permissions.
    /// A file that exists is left as it is.
    /// </summary>
    public static void CreateOwnerOnlyFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory
            || !Path.IsPathRooted(builder.DataSource) || File.Exists(builder.DataSource) || OperatingSystem.IsWindows()) return;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Secrets.KeyFile.OwnerOnlyFile };
        try
        {
            using var _ = new FileStream(builder.DataSource, options);
        }
        catch (IOException) when (File.Exists(builder.DataSource))
        {
            // Another server, or another start, made it first.
        }
    }
}

/// <summary>
/// WAL keeps readers off the writers' backs. In WAL mode, synchronous=NORMAL still survives a killed process;
/// only a power cut can lose the last commits, and it saves an fsync per commit on the scan path.
/// busy_timeout lets SQLite itself wait for another connection's lock, polling every few milliseconds: without it,
/// Microsoft.Data.Sqlite retries a busy statement only every 150 ms, so even a lock held for 1 ms cost a waiting
/// scan 150 ms. The library still retries until the command timeout, so that is set to the same value
/// (see <see cref="DependencyInjection.ConfigureSqlite"/>), which makes the busy timeout the whole wait.
/// EF opens a pooled connection for almost every statement; the pragmas are set once per physical connection.
/// </summary>
internal sealed class SqlitePragmas(TimeSpan busyTimeout) : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<object, string> Applied = new();
    private readonly string _pragmas = $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection, out var handle)) return;
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
        Applied.AddOrUpdate(handle, _pragmas);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection, out var handle)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Applied.AddOrUpdate(handle, _pragmas);
    }

    private bool NeedsPragmas(DbConnection connection, out object handle)
    {
        handle = (object?)(connection as SqliteConnection)?.Handle ?? connection;
        return !(Applied.TryGetValue(handle, out var applied) && applied == _pragmas);
    }
}
