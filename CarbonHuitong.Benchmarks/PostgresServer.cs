using System.Net;
using Npgsql;

namespace CarbonHuitong.Benchmarks;

/// <summary>Fresh databases on a PostgreSQL server on this machine, for one benchmark run each.</summary>
public static class PostgresServer
{
    /// <param name="server">A connection string to the server; its Database, if any, is only used to connect.</param>
    public static async Task<string> CreateDatabaseAsync(string server, string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(server);
        // The benchmark creates and drops databases: it only ever does that on this machine.
        if (builder.Host is not { } host || !(host == "localhost" || IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
            throw new ArgumentException($"--connection must point at a PostgreSQL server on loopback, not '{builder.Host}'.");
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        builder.Database = database;
        return builder.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
