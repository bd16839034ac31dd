using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Government;

/// <summary>
/// The closed-loop report against figures worked out by hand (<see cref="ClosedLoopWorld"/>), and against the seeds'
/// own (166,000 t sold for ¥1,000,000, turned into 500,000 ¥2 coupons at 20 credits), on both stores.
/// The methodology's rate throughout: 120 g (120,000 mg) per 1.10 credits (110 hundredths).
/// </summary>
public abstract class ClosedLoopReportTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Each_batch_reports_its_coupons_funded_redeemed_used_and_expired_the_rides_co2e_and_the_reductions_it_rewards()
    {
        await using var store = await stores.CreateAsync();
        var world = await ClosedLoopWorld.BuildAsync(store, _clock);

        var report = await ClosedLoopWorld.ReadAsync(store, _clock, Actors.MallAdmin);

        var batches = report.Projects.SelectMany(p => p.Batches).ToDictionary(b => b.BatchId);
        Assert.DoesNotContain(world.RejectedBatch, batches.Keys);
        // A1: 10 × ¥2 at 20 credits; 3 redeemed (60 credits), 1 used at a ride (120 g), 2 expired.
        Assert.Equal(new ClosedLoopCoupons(10, new Fen(20_00), Credits.FromDecimal(200m), 3, 1, 2, Credits.FromDecimal(60m), CarbonMass.FromGrams(120m)),
            batches[world.BatchA1].Coupons);
        // 6,000 × 120,000 ÷ 110 = 6,545,454.5 mg; 20,000 × 120,000 ÷ 110 = 21,818,181.8 mg;
        // ¥20 ÷ 0.0218181818 t = 91,666.67 fen per tonne.
        Assert.Equal(new ClosedLoopRewards(new CarbonMass(6_545_455), new CarbonMass(21_818_182), new Fen(91_667)), batches[world.BatchA1].Rewards);
        // A2: 4 × ¥5 at 40 credits; 1 redeemed and used.
        Assert.Equal(new ClosedLoopCoupons(4, new Fen(20_00), Credits.FromDecimal(160m), 1, 1, 0, Credits.FromDecimal(40m), CarbonMass.FromGrams(120m)),
            batches[world.BatchA2].Coupons);
        // 4,000 × 120,000 ÷ 110 = 4,363,636.4 mg; 16,000 × 120,000 ÷ 110 = 17,454,545.5 mg (rounded away from zero);
        // 2,000 fen × 10⁹ × 110 ÷ (16,000 × 120,000) = 114,583.3 fen.
        Assert.Equal(new ClosedLoopRewards(new CarbonMass(4_363_636), new CarbonMass(17_454_545), new Fen(114_583)), batches[world.BatchA2].Rewards);
        // B1: 5 × ¥1 at 15 credits; 1 redeemed and used. 500 × 10⁹ × 110 ÷ (7,500 × 120,000) = 61,111.1 fen.
        Assert.Equal(new ClosedLoopCoupons(5, new Fen(5_00), Credits.FromDecimal(75m), 1, 1, 0, Credits.FromDecimal(15m), CarbonMass.FromGrams(120m)),
            batches[world.BatchB1].Coupons);
        Assert.Equal(new ClosedLoopRewards(new CarbonMass(1_636_364), new CarbonMass(8_181_818), new Fen(61_111)), batches[world.BatchB1].Rewards);
        Assert.Equal((new Fen(2_00), Credits.FromDecimal(20m), BatchStatus.Listed),
            (batches[world.BatchA1].FaceValue, batches[world.BatchA1].Price, batches[world.BatchA1].Status));
    }

    [SkippableFact]
    public async Task Each_project_reports_tonnes_revenue_its_average_price_and_the_two_ratios_over_all_its_batches()
    {
        await using var store = await stores.CreateAsync();
        var world = await ClosedLoopWorld.BuildAsync(store, _clock);

        var report = await ClosedLoopWorld.ReadAsync(store, _clock, ClosedLoopWorld.Regulator);

        Assert.Equal([world.BusProject, world.WindProject], report.Projects.Select(p => p.ProjectId));
        var bus = report.Projects[0];
        Assert.Equal(("Bus fleet", Actors.TransportGroup, 166_000L, 166_000L, new Fen(1_000_000_00)),
            (bus.Name, bus.Organization, bus.TonnesIssued, bus.TonnesSold, bus.Revenue));
        // ¥1,000,000 ÷ 166,000 t = 602.41 fen.
        Assert.Equal(new Fen(6_02), bus.AveragePricePerTonne);
        Assert.Equal(new ClosedLoopCoupons(14, new Fen(40_00), Credits.FromDecimal(360m), 4, 2, 2, Credits.FromDecimal(100m), CarbonMass.FromGrams(240m)),
            bus.Coupons);
        // 10,000 × 120,000 ÷ 110 = 10,909,090.9 mg; 36,000 × 120,000 ÷ 110 = 39,272,727.3 mg;
        // 4,000 × 10⁹ × 110 ÷ (36,000 × 120,000) = 101,851.85 fen per tonne.
        Assert.Equal(new ClosedLoopRewards(new CarbonMass(10_909_091), new CarbonMass(39_272_727), new Fen(101_852)), bus.Rewards);
        // 10,909,090.9 mg ÷ 166,000 t = 6.57e-8 t per t; 39,272,727.3 mg ÷ 166,000 t = 2.366e-7.
        Assert.Equal((0.000000066m, 0.000000237m), (bus.TonnesRewardedPerTonneSold, bus.TonnesRewardedPerTonneSoldWhenAllRedeemed));
        Assert.Equal([world.BatchA1, world.BatchA2], bus.Batches.Select(b => b.BatchId));

        var wind = report.Projects[1];
        Assert.Equal((5_000L, 2_000L, new Fen(14_000_00), new Fen(7_00)), (wind.TonnesIssued, wind.TonnesSold, wind.Revenue, wind.AveragePricePerTonne));
        // 1,636,363.6 mg ÷ 2,000 t; 8,181,818.2 mg ÷ 2,000 t.
        Assert.Equal((0.000000818m, 0.000004091m), (wind.TonnesRewardedPerTonneSold, wind.TonnesRewardedPerTonneSoldWhenAllRedeemed));
        Assert.Equal(new Fen(61_111), wind.Rewards.CouponValuePerTonne);
        Assert.Equal(("bus_ride", new CarbonMass(120_000), new Credits(110)), (report.Rate.BehaviourCode, report.Rate.PerUnit, report.Rate.CreditsPerUnit));
    }

    [SkippableFact]
    public async Task The_seeds_loop_166000_t_for_1000000_yuan_into_500000_coupons_pays_about_917_yuan_per_tonne_of_citizens_reductions()
    {
        await using var store = await stores.CreateAsync();
        var project = await ClosedLoopWorld.ProjectAsync(store, _clock, Actors.TransportOwner, "Urban public transport", 166_000,
            (126_000, new Fen(6_00)), (40_000, new Fen(6_10)));
        var (_, item) = await ClosedLoopWorld.ListedBatchAsync(store, _clock, Actors.TransportOwner, project, ClosedLoopWorld.Draft(2_00, 500_000, 20m, 30));
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(store, _clock);
        await Mall.Redemptions.RedeemAsync(store, _clock, citizen.AccountId, item, "first");

        var loop = Assert.Single((await ClosedLoopWorld.ReadAsync(store, _clock, Actors.TransportOwner)).Projects);

        Assert.Equal((166_000L, new Fen(1_000_000_00), new Fen(6_02)), (loop.TonnesSold, loop.Revenue, loop.AveragePricePerTonne));
        Assert.Equal((500_000, new Fen(1_000_000_00), 1, 0, 0), (loop.Coupons.Funded, loop.Coupons.FundedValue, loop.Coupons.Redeemed,
            loop.Coupons.UsedAtRides, loop.Coupons.Expired));
        // 20 credits ≈ 2.18 kg, so a ¥2 coupon is ¥916.67 a tonne, against ¥6.02 a tonne sold.
        Assert.Equal(new CarbonMass(2_181_818), loop.Rewards.SoFar);
        Assert.Equal(new Fen(916_67), loop.Rewards.CouponValuePerTonne);
        // All 500,000 coupons reward 1,090.909 t of citizens' reductions: 6.57 kg per tonne sold.
        Assert.Equal(new CarbonMass(1_090_909_090_909), loop.Rewards.WhenAllRedeemed);
        Assert.Equal(0.006571742m, loop.TonnesRewardedPerTonneSoldWhenAllRedeemed);
        Assert.Equal(0.000000013m, loop.TonnesRewardedPerTonneSold);
    }

    [SkippableFact]
    public async Task A_project_owner_sees_only_their_organizations_projects_and_anyone_else_is_refused()
    {
        await using var store = await stores.CreateAsync();
        var world = await ClosedLoopWorld.BuildAsync(store, _clock);

        Assert.Equal([world.BusProject], (await ClosedLoopWorld.ReadAsync(store, _clock, Actors.TransportOwner)).Projects.Select(p => p.ProjectId));
        Assert.Equal([world.WindProject], (await ClosedLoopWorld.ReadAsync(store, _clock, Actors.OtherOwner)).Projects.Select(p => p.ProjectId));
        Assert.Equal(2, (await ClosedLoopWorld.ReadAsync(store, _clock, Actors.MallAdmin)).Projects.Count);
        foreach (var refused in new[] { Actors.Citizen, Actors.OwnerWithoutOrganization })
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() => ClosedLoopWorld.ReadAsync(store, _clock, refused));
            Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
        }
    }

    [SkippableFact]
    public async Task Before_a_sale_or_a_batch_the_ratios_are_empty_not_zero()
    {
        await using var store = await stores.CreateAsync();
        await ClosedLoopWorld.ProjectAsync(store, _clock, Actors.TransportOwner, "Issued only", 1_000);

        var project = Assert.Single((await ClosedLoopWorld.ReadAsync(store, _clock, ClosedLoopWorld.Regulator)).Projects);

        Assert.Equal((1_000L, 0L, (Fen?)null), (project.TonnesIssued, project.TonnesSold, project.AveragePricePerTonne));
        Assert.Equal((ClosedLoopCoupons.None, (Fen?)null, (decimal?)null), (project.Coupons, project.Rewards.CouponValuePerTonne, project.TonnesRewardedPerTonneSold));
        Assert.Empty(project.Batches);
    }
}

public sealed class ClosedLoopReportTestsOnSqlite() : ClosedLoopReportTests(SqliteTestStores.Instance)
{
}

public sealed class ClosedLoopReportTestsOnPostgres(PostgresTestStores postgres) : ClosedLoopReportTests(postgres), IClassFixture<PostgresTestStores>
{
}
