using CarbonHuitong.Core.Persistence;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// A fresh database for one test, on either store the app runs on: <see cref="TestDatabase"/> (a SQLite file) or
/// <see cref="PostgresTestDatabase"/> (a database on a PostgreSQL server). Builders and helpers take this, so a test
/// body reads the same on both.
/// </summary>
public abstract class TestStore : IAsyncDisposable
{
    public abstract StoreProvider Provider { get; }

    public abstract string ConnectionString { get; }

    /// <summary>What the app would be started with to use this database.</summary>
    public StoreSettings Settings => new(Provider, ConnectionString);

    /// <summary>Each caller owns (and disposes) its context, as each request in the app does.</summary>
    public abstract CarbonDbContext CreateContext();

    /// <summary>Sets the database up as the app does on start (<see cref="DatabaseInitializer"/>).</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using var db = CreateContext();
        await new DatabaseInitializer(db).InitializeAsync(ct);
    }

    public abstract ValueTask DisposeAsync();

    public override string ToString() => $"{Provider} test database";
}

/// <summary>Where a test class gets its databases: each call is a fresh, initialized one that the test disposes.</summary>
public interface ITestStores
{
    Task<TestStore> CreateAsync();
}

/// <summary>A new SQLite file per test, as the SQLite-only tests make with <see cref="TestDatabase.CreateAsync"/>.</summary>
public sealed class SqliteTestStores : ITestStores
{
    public static readonly SqliteTestStores Instance = new();

    public async Task<TestStore> CreateAsync() => await TestDatabase.CreateAsync();
}
