using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Ledger;

public sealed class AppendOnlyTests
{
    private readonly TestClock _clock = new();

    [Theory]
    [InlineData("UPDATE LedgerEntries SET CreditHundredths = 100000")]
    [InlineData("UPDATE LedgerEntries SET Description = 'edited' WHERE Kind = 'Earn'")]
    [InlineData("DELETE FROM LedgerEntries")]
    public async Task The_database_refuses_to_change_or_remove_a_ledger_entry(string sql)
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        await new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow));

        var refusal = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync(sql));

        Assert.Contains("append-only", refusal.Message);
        await using var readDb = database.CreateContext();
        var entry = Assert.Single(await readDb.LedgerEntries.AsNoTracking().ToListAsync());
        Assert.Equal(110, entry.CreditHundredths);
        Assert.Null(entry.Description);
    }
}
