using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// A database of its own on a PostgreSQL server, set up the way the app sets up its own (<see cref="DatabaseInitializer"/>),
/// or copied from one that was. It is dropped on dispose.
/// </summary>
public sealed class PostgresTestDatabase : TestStore
{
    private readonly string _server;

    private PostgresTestDatabase(string server)
    {
        _server = server;
        Name = "ch_test_" + Guid.NewGuid().ToString("N");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
        var options = new DbContextOptionsBuilder<PostgresCarbonDbContext>();
        Core.DependencyInjection.ConfigurePostgres(options, ConnectionString);
        Options = options.Options;
    }

    public override StoreProvider Provider => StoreProvider.Postgres;
    public string Name { get; }
    public override string ConnectionString { get; }
    public DbContextOptions<PostgresCarbonDbContext> Options { get; }

    /// <summary>A new, initialized database on <paramref name="server"/> (a connection string without a database).</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(string server, CancellationToken ct = default)
    {
        var database = new PostgresTestDatabase(server);
        await database.RunOnServerAsync($"""CREATE DATABASE "{database.Name}" """, ct);
        try
        {
            await database.InitializeAsync(ct);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
        // The copies below need the template to themselves: no connection of ours may stay open on it.
        NpgsqlConnection.ClearAllPools();
        return database;
    }

    /// <summary>
    /// A new database that is, byte for byte, <paramref name="template"/> (CREATE DATABASE … TEMPLATE), so a test
    /// does not pay for running every migration again.
    /// </summary>
    public static async Task<PostgresTestDatabase> CopyAsync(PostgresTestDatabase template, CancellationToken ct = default)
    {
        var copy = new PostgresTestDatabase(template._server);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await copy.RunOnServerAsync($"""CREATE DATABASE "{copy.Name}" TEMPLATE "{template.Name}" """, ct);
                return copy;
            }
            catch (PostgresException inUse) when (inUse.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                // A backend that served the template is still on its way out after its client closed.
                await Task.Delay(100, ct);
            }
        }
    }

    public override CarbonDbContext CreateContext() => new PostgresCarbonDbContext(Options);

    public override async ValueTask DisposeAsync()
    {
        // Pooled connections would hold the database open; FORCE ends any the pool did not.
        NpgsqlConnection.ClearAllPools();
        await RunOnServerAsync($"""DROP DATABASE IF EXISTS "{Name}" WITH (FORCE)""");
    }

    public override string ToString() => $"PostgreSQL test database {Name}";

    private async Task RunOnServerAsync(string sql, CancellationToken ct = default)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(maintenance);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// A class fixture: a fresh PostgreSQL database for the test class, on the server named by
/// <c>CARBONHUITONG_TEST_POSTGRES</c> (a connection string without Database), dropped when the class is done. Each
/// test gets its own copy of it, so one test's rows never show in another's counts.
/// Without a server the tests are skipped with the reason, except under CI=true, where they must run.
/// </summary>
public sealed class PostgresTestStores : ITestStores, IAsyncLifetime
{
    public const string ServerVariable = "CARBONHUITONG_TEST_POSTGRES";

    private PostgresTestDatabase? _classDatabase;

    public string? MissingReason { get; private set; }

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            MissingReason = $"No PostgreSQL server: set {ServerVariable} to a connection string without Database, "
                + "e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres\".";
            if (TestEnvironment.InCi) throw new InvalidOperationException($"CI=true: PostgreSQL tests must run. {MissingReason}");
            return;
        }
        try
        {
            _classDatabase = await PostgresTestDatabase.CreateAsync(server);
        }
        catch (Exception unreachable) when (unreachable is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"{ServerVariable} names a PostgreSQL server the tests cannot use ({unreachable.Message}); unset it to skip them.", unreachable);
        }
    }

    public async Task<TestStore> CreateAsync()
    {
        Skip.If(_classDatabase is null, MissingReason);
        return await PostgresTestDatabase.CopyAsync(_classDatabase);
    }

    public async Task DisposeAsync()
    {
        if (_classDatabase is not null) await _classDatabase.DisposeAsync();
    }
}
