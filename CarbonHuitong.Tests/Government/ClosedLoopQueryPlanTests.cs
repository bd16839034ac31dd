using System.Data.Common;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarbonHuitong.Tests.Government;

/// <summary>
/// The report is a fixed handful of grouped queries, and SQLite's plan for each reaches the ledger only by its
/// primary key (from a coupon-paid ride to its earn), and the rides only through the partial index of the rides a
/// coupon paid, never by a scan.
/// </summary>
public sealed class ClosedLoopQueryPlanTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task The_report_sends_six_queries_and_reaches_the_ledger_only_by_primary_key_and_the_rides_by_their_coupon()
    {
        await using var database = await TestDatabase.CreateAsync();
        await ClosedLoopWorld.BuildAsync(database, _clock);
        var recorder = new CommandRecorder();
        await using (var db = new CarbonDbContext(new DbContextOptionsBuilder<CarbonDbContext>(database.Options).AddInterceptors(recorder).Options))
            await new ClosedLoopReport(db, _clock).ReadAsync(ClosedLoopWorld.Regulator);

        // The rate (the bus ride, its factor in effect), the projects, the batches, the coupons, the rides: for any number of each.
        Assert.Equal(6, recorder.Commands.Count);
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var (ledgerReads, rideReads) = (0, 0);
        foreach (var (sql, parameters) in recorder.Commands)
        {
            var plan = await PlanAsync(connection, sql, parameters);
            // The rides a coupon paid are found through the partial index on Rides (CouponId), never by a scan of every ride.
            foreach (Match rides in Regex.Matches(sql, "\"Rides\" AS \"(\\w+)\""))
            {
                var alias = rides.Groups[1].Value;
                Assert.DoesNotContain(plan, step => step.StartsWith($"SCAN {alias}", StringComparison.Ordinal));
                Assert.True(plan.Any(step => step.StartsWith($"SEARCH {alias} USING INDEX IX_Rides_CouponId", StringComparison.Ordinal)), string.Join("\n", plan));
                rideReads++;
            }
            foreach (Match ledger in Regex.Matches(sql, "\"LedgerEntries\" AS \"(\\w+)\""))
            {
                var alias = ledger.Groups[1].Value;
                Assert.DoesNotContain(plan, step => step.StartsWith($"SCAN {alias}", StringComparison.Ordinal));
                Assert.Contains(plan, step => step.StartsWith($"SEARCH {alias} USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
                ledgerReads++;
            }
        }
        Assert.Equal((1, 1), (ledgerReads, rideReads));
    }

    private static async Task<List<string>> PlanAsync(SqliteConnection connection, string sql, List<(string Name, object? Value)> parameters)
    {
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await using var reader = await explain.ExecuteReaderAsync();
        var steps = new List<string>();
        while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        return steps;
    }

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken ct = default)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
            return base.ReaderExecutingAsync(command, eventData, result, ct);
        }
    }
}
