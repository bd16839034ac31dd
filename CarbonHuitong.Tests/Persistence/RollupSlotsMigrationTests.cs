using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarbonHuitong.Tests.Persistence;

/// <summary>The platform rollup's slots, added to a store that already holds totals, and taken away again.</summary>
public abstract class RollupSlotsMigrationTests(ITestStores stores)
{
    [SkippableFact]
    public async Task Platform_totals_written_before_the_slots_are_kept_in_slot_zero()
    {
        await using var database = await stores.CreateAsync();
        await using var db = database.CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(MigrationBeforeSlots(database));
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "DailyReductions" ("Day", "BehaviourCode", "Category", "Milligrams", "CreditHundredths", "Entries")
            VALUES ('2026-03-18', 'bus_ride', 'Transport', 240000, 220, 2), ('2026-03-18', 'walking', 'Transport', 20000, 18, 1);
            """);

        await db.Database.MigrateAsync();

        var rows = await db.DailyReductions.AsNoTracking().OrderBy(d => d.BehaviourCode)
            .Select(d => new { d.BehaviourCode, d.Slot, d.Milligrams, d.CreditHundredths, d.Entries }).ToListAsync();
        Assert.Equal(
            [new { BehaviourCode = "bus_ride", Slot = 0, Milligrams = 240000L, CreditHundredths = 220L, Entries = 2L },
             new { BehaviourCode = "walking", Slot = 0, Milligrams = 20000L, CreditHundredths = 18L, Entries = 1L }],
            rows);
    }

    [SkippableFact]
    public async Task Going_back_adds_the_slots_up_again()
    {
        await using var database = await stores.CreateAsync();
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "DailyReductions" ("Day", "BehaviourCode", "Slot", "Category", "Milligrams", "CreditHundredths", "Entries")
            VALUES ('2026-03-18', 'bus_ride', 3, 'Transport', 120000, 110, 1), ('2026-03-18', 'bus_ride', 7, 'Transport', 240000, 220, 2);
            """);

        await db.GetService<IMigrator>().MigrateAsync(MigrationBeforeSlots(database));

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "BehaviourCode", "Milligrams", "CreditHundredths", "Entries" FROM "DailyReductions" """;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("bus_ride", 360000L, 330L, 3L), (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        Assert.False(await reader.ReadAsync());
    }

    private static string MigrationBeforeSlots(TestStore database) =>
        database.Provider == StoreProvider.Postgres ? "PostgresInitial" : "AccountRollup";
}

public sealed class RollupSlotsMigrationTestsOnSqlite() : RollupSlotsMigrationTests(SqliteTestStores.Instance)
{
}

public sealed class RollupSlotsMigrationTestsOnPostgres(PostgresTestStores postgres) : RollupSlotsMigrationTests(postgres), IClassFixture<PostgresTestStores>
{
}
