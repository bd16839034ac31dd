using System.Data.Common;
using Npgsql;

namespace CarbonHuitong.Core.Persistence;

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Which database holds the platform, and how long a request may wait for another's lock.</summary>
/// <param name="ConnectionString">For SQLite an absolute connection string (see <see cref="SqliteStore.ResolveConnectionString"/>).</param>
public sealed record StoreSettings(StoreProvider Provider, string ConnectionString, TimeSpan? BusyTimeout = null)
{
    /// <summary>Enough for every statement of the scan, redeem and ledger paths, with room for the admin pages.</summary>
    internal const int AutoPreparedStatements = 64;

    /// <summary>Reads <c>Database:Provider</c>; anything but the two known names is refused with a line that says what to write.</summary>
    public static StoreProvider ParseProvider(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => StoreProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => StoreProvider.Postgres,
        _ => throw new StoreConfigurationException(
            $"Database:Provider is '{configured}'; set it to Sqlite (the default, one file) or Postgres."),
    };

    /// <summary>
    /// A PostgreSQL connection string that waits for row locks no longer than the busy timeout, and that prepares the
    /// statements it runs often on the server (Npgsql's automatic preparation: 398 → 501 scans/s on 2 cores), unless
    /// the configured string says otherwise; <c>Max Auto Prepare=0</c> turns it off, as PgBouncer in transaction
    /// mode needs unless its <c>max_prepared_statements</c> is on.
    /// </summary>
    internal static string ForPostgres(string connectionString, TimeSpan busyTimeout)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException wrong)
        {
            throw new StoreConfigurationException($"ConnectionStrings:CarbonHuitong is not a PostgreSQL connection string: {wrong.Message}");
        }
        var lockTimeout = $"-c lock_timeout={(long)busyTimeout.TotalMilliseconds}";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? lockTimeout : $"{builder.Options} {lockTimeout}";
        if (!Names(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = AutoPreparedStatements;
        return builder.ConnectionString;
    }

    /// <summary>Whether the string itself sets the keyword: Npgsql's builder answers yes for every keyword it knows.</summary>
    private static bool Names(string connectionString, params string[] keywords)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(given.ContainsKey);
    }
}

/// <summary>The store is configured in a way the app cannot start with; the message says what to fix.</summary>
public sealed class StoreConfigurationException(string message, Exception? cause = null) : Exception(message, cause);
