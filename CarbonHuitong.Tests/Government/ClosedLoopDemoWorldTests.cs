using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Web.Demo;
using CarbonHuitong.Web.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Government;

/// <summary>The demo world's closed loop is the seeds' own: 166,000 t of CQCER sold for ¥1,000,000, turned into 500,000 ¥2 coupons.</summary>
public abstract class ClosedLoopDemoWorldTests(SeededDemoWorld world)
{
    [SkippableFact]
    public async Task The_demo_world_shows_the_press_releases_figures_and_917_yuan_per_tonne_of_citizens_reductions()
    {
        var app = world.Require();

        var loop = await app.InScopeAsync(s => s.GetRequiredService<ClosedLoopReport>().ReadAsync(ClosedLoopWorld.Regulator));

        var project = Assert.Single(loop.Projects);
        Assert.Equal((166_000L, 166_000L, new Fen(1_000_000_00), new Fen(6_02)),
            (project.TonnesIssued, project.TonnesSold, project.Revenue, project.AveragePricePerTonne));
        var batch = Assert.Single(project.Batches);
        Assert.Equal((500_000, new Fen(2_00), Credits.FromDecimal(20m), new Fen(1_000_000_00)),
            (batch.Coupons.Funded, batch.FaceValue, batch.Price, batch.Coupons.FundedValue));
        // The demo citizen's first coupon, not yet used, and those of the statistical residents who redeem one.
        Assert.Equal((1 + DemoDistrictWorld.CouponRedeemers, 0, 0), (project.Coupons.Redeemed, project.Coupons.UsedAtRides, project.Coupons.Expired));
        Assert.Equal((new Fen(916_67), 0.006571742m), (project.Rewards.CouponValuePerTonne, project.TonnesRewardedPerTonneSoldWhenAllRedeemed));
    }
}

public sealed class ClosedLoopDemoWorldTestsOnSqlite(SeededDemoWorldOnSqlite world) : ClosedLoopDemoWorldTests(world), IClassFixture<SeededDemoWorldOnSqlite>
{
}

public sealed class ClosedLoopDemoWorldTestsOnPostgres(SeededDemoWorldOnPostgres world) : ClosedLoopDemoWorldTests(world), IClassFixture<SeededDemoWorldOnPostgres>
{
}
