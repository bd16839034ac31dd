using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Funding;

/// <summary>Tonnes are sold only once, and coupons are funded only from revenue not yet allocated.</summary>
public sealed class RevenueTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task Selling_more_tonnes_than_were_issued_is_refused_with_oversold_tonnes_and_writes_nothing()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().Issued(1_000).Unsold().BuildAsync(database, _clock);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.OversoldTonnes, () => SellAsync(database, projectId, 1_001));
    }

    [Fact]
    public async Task Two_sales_cannot_together_sell_more_than_was_issued_the_second_is_refused_with_oversold_tonnes()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().Issued(1_000).Sold((600, new Fen(6_00))).BuildAsync(database, _clock);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.OversoldTonnes, () => SellAsync(database, projectId, 401));

        await SellAsync(database, projectId, 400);
        var summary = await SummaryAsync(database, projectId);
        Assert.Equal((1_000L, 1_000L), (summary.TonnesIssued, summary.TonnesSold));
        await database.AssertRefusedWritingNothingAsync(ErrorCodes.OversoldTonnes, () => SellAsync(database, projectId, 1));
    }

    [Fact]
    public async Task A_batch_worth_more_than_the_revenue_not_yet_allocated_is_refused_with_insufficient_revenue_and_writes_nothing()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        // 100 t at ¥10.00: ¥1,000 of revenue, which is 500 coupons of ¥2.
        var projectId = await new ProjectBuilder().Issued(1_000).Sold((100, new Fen(10_00))).BuildAsync(database, _clock);
        await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(300));

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.InsufficientRevenue,
            () => database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(201)));

        await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(200));
        var summary = await SummaryAsync(database, projectId);
        Assert.Equal((1_000_00L, 1_000_00L, 0L), (summary.RevenueFen, summary.AllocatedFen, summary.UnallocatedFen));
    }

    [Fact]
    public async Task A_rejected_batch_gives_its_face_value_back_to_the_revenue_not_yet_allocated()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().Issued(1_000).Sold((100, new Fen(10_00))).BuildAsync(database, _clock);
        var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(500));
        await database.AssertRefusedWritingNothingAsync(ErrorCodes.InsufficientRevenue,
            () => database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(1)));

        await database.AsRequestAsync(_clock, s => s.Batches.RejectAsync(Actors.MallAdmin, batchId, "Coupons of ¥2 are already on the shelf this month."));

        var summary = await SummaryAsync(database, projectId);
        Assert.Equal((0L, 1_000_00L), (summary.AllocatedFen, summary.UnallocatedFen));
        await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(500));
        Assert.Equal(0L, (await SummaryAsync(database, projectId)).UnallocatedFen);
    }

    [Fact]
    public async Task The_seeds_166000_tonnes_sold_at_6_yuan_and_6_yuan_10_raise_1_million_yuan_which_funds_exactly_500000_two_yuan_coupons()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().Issued(166_000).Sold((126_000, new Fen(6_00)), (40_000, new Fen(6_10))).BuildAsync(database, _clock);

        var sold = await SummaryAsync(database, projectId);
        Assert.Equal((166_000L, 166_000L, 1_000_000_00L, 0L), (sold.TonnesIssued, sold.TonnesSold, sold.RevenueFen, sold.AllocatedFen));
        await database.AssertRefusedWritingNothingAsync(ErrorCodes.OversoldTonnes, () => SellAsync(database, projectId, 1));
        await database.AssertRefusedWritingNothingAsync(ErrorCodes.InsufficientRevenue,
            () => database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(500_001)));

        await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(500_000));

        var funded = await SummaryAsync(database, projectId);
        Assert.Equal((1_000_000_00L, 0L), (funded.AllocatedFen, funded.UnallocatedFen));
    }

    [Fact]
    public async Task A_batch_whose_face_value_times_quantity_overflows_is_refused_rather_than_funded_for_nothing()
    {
        // 2^62 fen times 4 coupons wraps a long to exactly 0, which "fits" in any revenue.
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().Issued(1_000).Sold((1, new Fen(1_00))).BuildAsync(database, _clock);
        var draft = new BatchDraft(new Fen(1L << 62), 4, Credits.FromDecimal(20m), 30, null, null);
        var before = await DatabaseSnapshot.TakeAsync(database);

        var refusal = await Record.ExceptionAsync(() => database.FundAsync(_clock, projectId, draft));

        Assert.Contains((refusal as DomainException)?.Code, new[] { ErrorCodes.InsufficientRevenue, ErrorCodes.InvalidAmount });
        Assert.Equal(before.Tables, (await DatabaseSnapshot.TakeAsync(database)).Tables);
    }

    [Fact]
    public async Task Ten_batches_funded_at_once_each_worth_a_fifth_of_the_revenue_fund_exactly_five()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().Issued(1_000).Sold((100, new Fen(10_00))).BuildAsync(database, _clock);

        var outcomes = await InParallelAsync(10, _ => database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(100)));

        Assert.Equal((5, 5), (outcomes.Count(o => o == Accepted), outcomes.Count(o => o == ErrorCodes.InsufficientRevenue)));
        var summary = await SummaryAsync(database, projectId);
        Assert.Equal((1_000_00L, 0L), (summary.AllocatedFen, summary.UnallocatedFen));
        await using var db = database.CreateContext();
        Assert.Equal(5, await db.AuditEntries.CountAsync(e => e.Action == "batch.fund"));
    }

    [Fact]
    public async Task Ten_sales_recorded_at_once_each_of_a_fifth_of_the_tonnes_issued_sell_exactly_five()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().Issued(1_000).Unsold().BuildAsync(database, _clock);

        var outcomes = await InParallelAsync(10, _ => SellAsync(database, projectId, 200));

        Assert.Equal((5, 5), (outcomes.Count(o => o == Accepted), outcomes.Count(o => o == ErrorCodes.OversoldTonnes)));
        Assert.Equal(1_000L, (await SummaryAsync(database, projectId)).TonnesSold);
    }

    private const string Accepted = "accepted";

    /// <summary>Starts every call on the thread pool at once; each outcome is <see cref="Accepted"/> or the refusal's code.</summary>
    private static Task<string[]> InParallelAsync(int count, Func<int, Task<long>> call) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            try
            {
                await call(i);
                return Accepted;
            }
            catch (DomainException refusal)
            {
                return refusal.Code;
            }
        })));

    private Task<long> SellAsync(TestDatabase database, long projectId, long tonnes) =>
        database.AsRequestAsync(_clock, s => s.Projects.RecordSaleAsync(Actors.TransportOwner, projectId,
            new SaleDraft(tonnes, new Fen(6_00), "Chongqing United Assets and Equity Exchange", new DateOnly(2026, 3, 1))));

    private Task<ProjectSummary> SummaryAsync(TestDatabase database, long projectId) =>
        database.AsRequestAsync(_clock, async s => (await s.Projects.GetAsync(Actors.TransportOwner, projectId)).Summary);
}
