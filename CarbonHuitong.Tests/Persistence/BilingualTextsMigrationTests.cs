using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarbonHuitong.Tests.Persistence;

/// <summary>
/// Texts kept in one column before the release keep their words afterwards, sorted into the language they are written
/// in: Chinese when they hold a CJK character, English otherwise; on both stores.
/// </summary>
public abstract class BilingualTextsMigrationTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Single_texts_from_before_the_release_move_to_the_language_they_are_written_in()
    {
        await using var database = await stores.CreateAsync();
        var english = await new MallBuilder().Titled(BilingualText.Of(null, "Metro day pass")).BuildAsync(database, _clock);
        var chinese = await new MallBuilder().Titled(BilingualText.Of("2元公交券", null)).BuildAsync(database, _clock);
        await using (var db = database.CreateContext())
        {
            // Back to one column per text, as the store was before, then up again as an upgrade runs it.
            await db.GetService<IMigrator>().MigrateAsync(MigrationBefore(database));
            await db.Database.MigrateAsync();
        }

        await using var read = database.CreateContext();
        var titles = await read.MallItems.AsNoTracking().OrderBy(i => i.Id).Select(i => new { i.Id, i.Title.Zh, i.Title.En }).ToListAsync();
        Assert.Equal([(english.Id, "", "Metro day pass"), (chinese.Id, "2元公交券", "")], titles.Select(t => (t.Id, t.Zh, t.En)));
        var busRide = await read.GreenBehaviours.AsNoTracking().SingleAsync(b => b.Code == Methodology.BusRide);
        Assert.Equal(("乘坐公交", "Bus ride"), (busRide.Name.Zh, busRide.Name.En));
        // The methodology's source was Chinese and English; one column kept the Chinese.
        Assert.StartsWith("重庆", busRide.Source.Zh);
        Assert.Equal("", busRide.Source.En);
    }

    private static string MigrationBefore(TestStore database) =>
        database.Provider == StoreProvider.Postgres ? "PostgresActiveCitizenCounts" : "ActiveCitizenCounts";
}

public sealed class BilingualTextsMigrationTestsOnSqlite() : BilingualTextsMigrationTests(SqliteTestStores.Instance)
{
}

public sealed class BilingualTextsMigrationTestsOnPostgres(PostgresTestStores postgres) : BilingualTextsMigrationTests(postgres), IClassFixture<PostgresTestStores>
{
}
