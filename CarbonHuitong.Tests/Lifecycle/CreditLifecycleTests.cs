using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Lifecycle;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Lifecycle;

/// <summary>The lifecycle job runs its steps under a lease in the database: one server at a time, on either store.</summary>
public abstract class CreditLifecycleTests(ITestStores stores)
{
    private readonly TestClock _clock = new(new DateTimeOffset(ChinaTime.Utc(2025, 6, 1, 9), TimeSpan.Zero));

    private CreditLifecycle Lifecycle(CarbonDbContext db) =>
        new(db, [new ExpireCreditsStep(CoreServices.Expiry(db, _clock))], Options.Create(new LifecycleOptions()), _clock,
            NullLogger<CreditLifecycle>.Instance);

    [SkippableFact]
    public async Task A_run_while_another_server_holds_the_lease_does_nothing_and_runs_once_the_lease_is_let_go()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(10m).BuildAsync(database, _clock);
        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 2));
        await using var db = database.CreateContext();
        Assert.True(await JobLeases.TryAcquireAsync(db, CreditLifecycle.JobName, "server-a", _clock.UtcNow, _clock.UtcNow.AddMinutes(30)));

        var skipped = await Lifecycle(db).RunAsync("server-b");
        await JobLeases.ReleaseAsync(db, CreditLifecycle.JobName, "server-a", _clock.UtcNow);
        var ran = await Lifecycle(db).RunAsync("server-b");

        Assert.False(skipped.Ran);
        Assert.True(ran.Ran);
        Assert.Equal(("accounts with credits expired", 1L), Assert.Single(ran.Steps));
        Assert.Equal(0, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
    }

    [SkippableFact]
    public async Task A_lease_left_by_a_server_that_died_is_taken_over_once_it_expires()
    {
        await using var database = await stores.CreateAsync();
        await using var db = database.CreateContext();
        var now = _clock.UtcNow;
        Assert.True(await JobLeases.TryAcquireAsync(db, "job", "server-a", now, now.AddMinutes(30)));

        Assert.False(await JobLeases.TryAcquireAsync(db, "job", "server-b", now.AddMinutes(29), now.AddMinutes(59)));
        Assert.True(await JobLeases.TryAcquireAsync(db, "job", "server-a", now.AddMinutes(29), now.AddMinutes(59)));
        Assert.True(await JobLeases.TryAcquireAsync(db, "job", "server-b", now.AddMinutes(60), now.AddMinutes(90)));
        Assert.Equal("server-b", await db.JobLeases.Where(l => l.Name == "job").Select(l => l.Holder).SingleAsync());
    }

    [SkippableFact]
    public async Task Ten_servers_starting_the_job_at_once_run_it_once()
    {
        await using var database = await stores.CreateAsync();
        for (var i = 0; i < 5; i++) await new CitizenBuilder().WithCredits(10m).BuildAsync(database, _clock);
        _clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1, 2));

        var reports = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            return await Lifecycle(db).RunAsync($"server-{i}");
        })));

        Assert.Equal(5, reports.Where(r => r.Ran).Sum(r => r.Steps.Sum(s => s.Count)));
        await using var read = database.CreateContext();
        Assert.Equal(5, await read.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Expire));
    }
}

public sealed class CreditLifecycleTestsOnSqlite() : CreditLifecycleTests(SqliteTestStores.Instance)
{
}

public sealed class CreditLifecycleTestsOnPostgres(PostgresTestStores postgres) : CreditLifecycleTests(postgres), IClassFixture<PostgresTestStores>
{
}
