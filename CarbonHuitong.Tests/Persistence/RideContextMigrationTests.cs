using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Integrity;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarbonHuitong.Tests.Persistence;

/// <summary>
/// Rides recorded before the earn entry carried the ride: the migration fills the line and the coupon in from the
/// rides, and the ledger stays append-only through it, on both stores.
/// </summary>
public abstract class RideContextMigrationTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Rides_recorded_before_the_release_have_their_line_and_coupon_on_their_earn_afterwards()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        await using (var db = world.Database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync(MigrationBefore(world.Database));
            await db.Database.MigrateAsync();
        }
        // Going back that far also drops the ride-code keys' Sealed flag; the start after the upgrade seals them again.
        await world.Database.LoadKeyringAsync(_clock);

        await using var read = world.Database.CreateContext();
        var earns = await (from r in read.Rides.AsNoTracking()
                           join e in read.LedgerEntries on r.EarnEntryId equals e.Id
                           orderby r.Id
                           select new { e.LineId, e.CouponFaceValueFen, r.CouponId }).ToListAsync();
        Assert.Equal(2, earns.Count);
        Assert.All(earns, e => Assert.Equal(TransitBuilder.LineId, e.LineId));
        Assert.Equal(earns.Select(e => e.CouponId is null ? (long?)null : 200), earns.Select(e => e.CouponFaceValueFen));
        Assert.True((await world.CheckAsync()).AllHold);
        // The ledger still refuses to be rewritten.
        await Assert.ThrowsAnyAsync<Exception>(() => read.Database.ExecuteSqlRawAsync("""UPDATE "LedgerEntries" SET "LineId" = 'rewritten' """));
    }

    private static string MigrationBefore(TestStore database) =>
        database.Provider == StoreProvider.Postgres ? "PostgresPlatformRollupSlots" : "PlatformRollupSlots";
}

public sealed class RideContextMigrationTestsOnSqlite() : RideContextMigrationTests(SqliteTestStores.Instance)
{
}

public sealed class RideContextMigrationTestsOnPostgres(PostgresTestStores postgres) : RideContextMigrationTests(postgres), IClassFixture<PostgresTestStores>
{
}
