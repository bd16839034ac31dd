using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Funding;

/// <summary>Revenue and tonnes are checked one write at a time per project, on a SQLite file and on PostgreSQL.</summary>
public abstract class FundingConcurrencyTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Eight_parallel_batches_each_worth_all_the_revenue_fund_exactly_one()
    {
        await using var database = await stores.CreateAsync();
        var projectId = await ProjectWithRevenueAsync(database, tonnesIssued: 1_000, tonnesSold: 1_000);

        var outcomes = await InParallelAsync(8, database, db => Batches(db).FundAsync(Actors.TransportOwner, projectId,
            new BatchDraft(new Fen(2_00), 3_000, Core.Ledger.Credits.FromDecimal(20m), 30, null, null)));

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(7, outcomes.Count(o => o == ErrorCodes.InsufficientRevenue));
        await using var read = database.CreateContext();
        Assert.Equal(1, await read.CouponBatches.CountAsync());
    }

    [SkippableFact]
    public async Task Eight_parallel_sales_of_all_the_unsold_tonnes_sell_them_once()
    {
        await using var database = await stores.CreateAsync();
        var projectId = await ProjectWithRevenueAsync(database, tonnesIssued: 1_000, tonnesSold: 0);

        var outcomes = await InParallelAsync(8, database, db => Projects(db).RecordSaleAsync(Actors.TransportOwner, projectId,
            new SaleDraft(1_000, new Fen(6_00), "A buyer", PlatformTime.ChinaToday(_clock))));

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(7, outcomes.Count(o => o == ErrorCodes.OversoldTonnes));
        await using var read = database.CreateContext();
        Assert.Equal(1_000, await read.CarbonSales.SumAsync(s => s.Tonnes));
    }

    private async Task<long> ProjectWithRevenueAsync(TestStore database, long tonnesIssued, long tonnesSold)
    {
        await using var db = database.CreateContext();
        var projects = Projects(db);
        var today = PlatformTime.ChinaToday(_clock);
        var projectId = await projects.RegisterAsync(Actors.TransportOwner,
            new ProjectDraft("Chongqing new-energy bus fleet", "CQCER-001", "Buses", today.AddYears(-1), today.AddYears(4)));
        await projects.RecordIssuanceAsync(Actors.TransportOwner, projectId, new IssuanceDraft(tonnesIssued, today.Year, "CQCER-RACE", today));
        // ¥6 a tonne: 1,000 t pay for 3,000 two-yuan coupons.
        if (tonnesSold > 0) await projects.RecordSaleAsync(Actors.TransportOwner, projectId, new SaleDraft(tonnesSold, new Fen(6_00), "A buyer", today));
        return projectId;
    }

    private static async Task<string[]> InParallelAsync(int count, TestStore database, Func<CarbonDbContext, Task> attempt) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            await using var db = database.CreateContext();
            try
            {
                await attempt(db);
                return "ok";
            }
            catch (DomainException refusal)
            {
                return refusal.Code;
            }
        })));

    private ProjectService Projects(CarbonDbContext db) => new(db, new AuditLog(db, _clock), _clock);

    private CouponBatchService Batches(CarbonDbContext db) => new(db, new AuditLog(db, _clock), _clock);
}

public sealed class FundingConcurrencyTestsOnSqlite() : FundingConcurrencyTests(SqliteTestStores.Instance)
{
}

public sealed class FundingConcurrencyTestsOnPostgres(PostgresTestStores postgres) : FundingConcurrencyTests(postgres), IClassFixture<PostgresTestStores>
{
}
