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
    /// <summary>Reads <c>Database:Provider</c>; anything but the two known names is refused with a line that says what to write.</summary>
    public static StoreProvider ParseProvider(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => StoreProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => StoreProvider.Postgres,
        _ => throw new StoreConfigurationException(
            $"Database:Provider is '{configured}'; set it to Sqlite (the default, one file) or Postgres."),
    };

    /// <summary>A PostgreSQL connection string that waits for row locks no longer than the busy timeout.</summary>
    internal static string WithLockTimeout(string connectionString, TimeSpan busyTimeout)
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
        return builder.ConnectionString;
    }
}

/// <summary>The store is configured in a way the app cannot start with; the message says what to fix.</summary>
public sealed class StoreConfigurationException(string message, Exception? cause = null) : Exception(message, cause);
