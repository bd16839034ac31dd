using CarbonHuitong.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// A real SQLite file in its own temp folder, set up the way the app sets up its own
/// (<see cref="DatabaseInitializer"/>: migrations, WAL, roles, methodology). The folder goes on dispose.
/// </summary>
public sealed class TestDatabase : TestStore
{
    public TestDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "carbonhuitong-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "carbon.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();
        var options = new DbContextOptionsBuilder<CarbonDbContext>();
        Core.DependencyInjection.ConfigureSqlite(options, ConnectionString);
        Options = options.Options;
    }

    public override StoreProvider Provider => StoreProvider.Sqlite;
    public string Folder { get; }
    public string FilePath { get; }
    public override string ConnectionString { get; }
    public DbContextOptions<CarbonDbContext> Options { get; }

    /// <summary>A new, initialized database file.</summary>
    public static async Task<TestDatabase> CreateAsync(CancellationToken ct = default)
    {
        var database = new TestDatabase();
        await database.InitializeAsync(ct);
        return database;
    }

    public override CarbonDbContext CreateContext() => new(Options);

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; the app under test may have pooled it under another string.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere: it is in the temp folder, so leave it rather than fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
