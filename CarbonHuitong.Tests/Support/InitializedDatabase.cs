using Microsoft.Data.Sqlite;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// A fresh <see cref="TestDatabase"/> made by copying one initialized once per test run, so a test does not pay for
/// running every migration again. The copy is byte for byte what <see cref="TestDatabase.CreateAsync"/> leaves.
/// </summary>
public static class InitializedDatabase
{
    private static readonly Lazy<Task<TestDatabase>> Template = new(CreateTemplateAsync);

    public static async Task<TestDatabase> CopyAsync()
    {
        var template = await Template.Value;
        var database = new TestDatabase();
        File.Copy(template.FilePath, database.FilePath);
        return database;
    }

    private static async Task<TestDatabase> CreateTemplateAsync()
    {
        var template = await TestDatabase.CreateAsync();
        // Everything into the main file, so that file alone is the whole database.
        await using var connection = new SqliteConnection(template.ConnectionString);
        await connection.OpenAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return template;
    }
}
