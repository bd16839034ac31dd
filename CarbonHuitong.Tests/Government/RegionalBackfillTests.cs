using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Tests.Integrity;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarbonHuitong.Tests.Government;

/// <summary>
/// A database that had entries before the regional ledger, upgraded, gets the rollups the ledger's write path would have
/// written: the world is built, taken back to the migration before the regional ledger (which drops its tables and the
/// accounts' district) and migrated up again, so the migration's back-fill writes them from the entries. On both stores.
/// </summary>
public abstract class RegionalBackfillTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Upgrading_a_database_with_entries_back_fills_the_rollups_the_write_path_makes()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        // A month earlier, another behaviour of another category: two months, two categories.
        await using (var db = world.Database.CreateContext())
            await new TestLedger(db, _clock).RecordHistoryAsync(EarnRequests.Of(world.Saver.AccountId, Methodology.ElectronicWaybill, 3, _clock.UtcNow.AddMonths(-1)));
        var written = await RollupsAsync(world.Database);
        Assert.Equal(2, written.Activity.Select(a => a.Split(' ')[0]).Distinct().Count());
        var (spans, registered) = await CitizenCountsAsync(world.Database);

        await using (var db = world.Database.CreateContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var regional = migrations.FindIndex(m => m.EndsWith("RegionalLedger", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[regional - 1]);
            await using (var before = world.Database.CreateContext())
                Assert.DoesNotContain(migrations[regional], await before.Database.GetAppliedMigrationsAsync());
            await migrator.MigrateAsync();
        }
        var backFilled = await RollupsAsync(world.Database);

        Assert.Equal(written.Districts, backFilled.Districts);
        Assert.Equal(written.Activity, backFilled.Activity);
        Assert.Equal((spans, registered), await CitizenCountsAsync(world.Database));
        await using (var db = world.Database.CreateContext()) Assert.Equal(spans.Split('\n').Length, await new ActiveCitizenCounts(db).CatchUpAsync());
        var report = await world.CheckAsync();
        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(spans.Split('\n').Length, report[Invariant.ActivitySpansMatchActivity].Checked);
        Assert.Equal(written.Districts.Count, report[Invariant.DistrictMonthsEqualEntries].Checked);
    }

    /// <summary>The activity spans (left uncounted by the write path and the back-fill alike) and the registered citizens' months.</summary>
    private static async Task<(string Spans, string Registered)> CitizenCountsAsync(TestStore store)
    {
        await using var db = store.CreateContext();
        var spans = (await db.ActivitySpans.AsNoTracking().ToListAsync())
            .Select(s => $"{s.Month:yyyy-MM-dd} [{s.Scope}] #{s.AccountId} {s.PreviousMonth?.ToString("yyyy-MM-dd") ?? "uncounted"}").Order(StringComparer.Ordinal);
        var registered = (await db.RegisteredCitizenMonths.AsNoTracking().ToListAsync())
            .Select(r => $"{r.Month:yyyy-MM-dd} [{r.DistrictCode}] +{r.Opened} -{r.Closed}").Order(StringComparer.Ordinal);
        Assert.NotEmpty(spans);
        return (string.Join("\n", spans), string.Join("\n", registered));
    }

    private static async Task<(List<string> Districts, List<string> Activity)> RollupsAsync(TestStore store)
    {
        await using var db = store.CreateContext();
        var districts = (await db.DistrictMonthReductions.AsNoTracking().ToListAsync())
            .Select(r => $"{r.Month:yyyy-MM-dd} [{r.DistrictCode}] [{r.BehaviourCode}] {r.Slot} [{r.Category}] {r.Milligrams} mg {r.CreditHundredths} " +
                $"{r.Entries} earns {r.CouponsRedeemed} redeemed {r.CouponsUsed} used")
            .Order(StringComparer.Ordinal).ToList();
        var activity = (await db.AccountMonthActivities.AsNoTracking().ToListAsync())
            .Select(a => $"{a.Month:yyyy-MM-dd} [{a.Category}] [{a.BehaviourCode}] [{a.DistrictCode}] #{a.AccountId} {a.Entries}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(districts);
        return (districts, activity);
    }
}

public sealed class RegionalBackfillTestsOnSqlite() : RegionalBackfillTests(SqliteTestStores.Instance)
{
}

public sealed class RegionalBackfillTestsOnPostgres(PostgresTestStores postgres) : RegionalBackfillTests(postgres), IClassFixture<PostgresTestStores>
{
}
