using System.Globalization;
using System.Text;
using CarbonHuitong.Core;
using Microsoft.Data.Sqlite;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// Every row of every table, read with plain SQL, so a refusal can be shown to have written nothing anywhere:
/// not a project, a batch, a role or an audit entry.
/// </summary>
public sealed record DatabaseSnapshot(IReadOnlyDictionary<string, string> Tables, long AuditEntries)
{
    public static async Task<DatabaseSnapshot> TakeAsync(TestDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var names = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }
        var tables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names) tables[name] = await DumpAsync(connection, name);
        await using var audit = connection.CreateCommand();
        audit.CommandText = "SELECT COUNT(*) FROM AuditEntries";
        return new DatabaseSnapshot(tables, Convert.ToInt64(await audit.ExecuteScalarAsync()));
    }

    private static async Task<string> DumpAsync(SqliteConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
                rows.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
            rows.AppendLine();
        }
        return rows.ToString();
    }
}

public static class Refusals
{
    /// <summary>The call is refused with <paramref name="code"/>, and no table moved, the audit log included.</summary>
    public static async Task AssertRefusedWritingNothingAsync(this TestDatabase database, string code, Func<Task> attempt)
    {
        var before = await DatabaseSnapshot.TakeAsync(database);

        var refusal = await Assert.ThrowsAsync<DomainException>(attempt);

        Assert.Equal(code, refusal.Code);
        var after = await DatabaseSnapshot.TakeAsync(database);
        Assert.Equal(before.AuditEntries, after.AuditEntries);
        Assert.Equal(before.Tables, after.Tables);
    }
}
