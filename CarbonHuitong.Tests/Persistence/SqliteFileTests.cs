using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Persistence;

public sealed class SqliteFileTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task An_account_and_its_entries_read_back_the_same_from_a_fresh_connection()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        object[] written;
        LedgerTotals totalsWritten;
        await using (var db = database.CreateContext())
        {
            var ledger = new TestLedger(db, _clock);
            await ledger.RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddHours(-3)));
            await ledger.RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.SharedBicycle, 3.5m, _clock.UtcNow.AddHours(-2)));
            await ledger.SpendAsync(citizen.AccountId, Credits.FromDecimal(5m), "Reusable cup", "order-1");
            written = await Snapshot(db);
            totalsWritten = await db.AccountTotalsAsync(citizen.AccountId);
        }
        SqliteConnection.ClearAllPools();

        await using var reopened = database.CreateContext();
        var summary = await new LedgerQueries(reopened, _clock).GetSummaryAsync(citizen.AccountId);

        Assert.NotNull(summary);
        Assert.Equal(4.12m, summary.Balance.Value); // 1.10 + 8.02 - 5.00
        Assert.Equal(totalsWritten, await reopened.AccountTotalsAsync(citizen.AccountId));
        Assert.Equal(written, await Snapshot(reopened));
        Assert.Equal(3, written.Length);
    }

    [Fact]
    public async Task The_database_file_runs_in_WAL_mode()
    {
        await using var database = await TestDatabase.CreateAsync();
        SqliteConnection.ClearAllPools();

        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
        Assert.True(File.Exists(database.FilePath));
    }

    private static async Task<object[]> Snapshot(Core.Persistence.CarbonDbContext db) =>
        (await db.LedgerEntries.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Kind, e.CreditHundredths, e.BalanceAfterHundredths, e.Milligrams, e.BehaviourCode, e.Quantity, e.OccurredAt, e.RecordedAt, e.Description })
            .ToListAsync())
        .Cast<object>().ToArray();
}
