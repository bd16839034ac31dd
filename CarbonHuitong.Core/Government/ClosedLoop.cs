using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// The methodology's grams per credit, which turns credits spent on coupons into the citizens' reductions they
/// rewarded: the bus ride's factor in effect today (120 g for 1.10 credits when the platform started), since the
/// coupons are bus coupons and behaviours without a published credit rate earn at the bus ride's ratio.
/// </summary>
public sealed record ClosedLoopRate(string BehaviourCode, CarbonMass PerUnit, Credits CreditsPerUnit);

/// <summary>What a batch, or all of a project's batches, did with the money, counted in the database.</summary>
/// <param name="Funded">Coupons in the batches (rejected batches hold no revenue and are left out).</param>
/// <param name="FundedValue">Their face value: the revenue put into coupons.</param>
/// <param name="FundedPrice">What all of them cost in credits: quantity × price.</param>
/// <param name="Redeemed">Coupons citizens took from the shelf, whatever became of them.</param>
/// <param name="UsedAtRides">Coupons a ride used.</param>
/// <param name="Expired">Redeemed coupons past their expiry that no ride used.</param>
/// <param name="CreditsSpent">Credits citizens spent on the redeemed coupons: redeemed × price.</param>
/// <param name="RideReduction">CO2e of the rides on which coupons were used (each ride's own earn).</param>
public sealed record ClosedLoopCoupons(
    int Funded, Fen FundedValue, Credits FundedPrice, int Redeemed, int UsedAtRides, int Expired, Credits CreditsSpent, CarbonMass RideReduction)
{
    public static readonly ClosedLoopCoupons None = new(0, Fen.Zero, Credits.Zero, 0, 0, 0, Credits.Zero, new CarbonMass(0));

    public static ClosedLoopCoupons Sum(IEnumerable<ClosedLoopCoupons> parts) => parts.Aggregate(None, (a, b) => new ClosedLoopCoupons(
        a.Funded + b.Funded, a.FundedValue + b.FundedValue, a.FundedPrice + b.FundedPrice, a.Redeemed + b.Redeemed,
        a.UsedAtRides + b.UsedAtRides, a.Expired + b.Expired, a.CreditsSpent + b.CreditsSpent,
        new CarbonMass(a.RideReduction.Milligrams + b.RideReduction.Milligrams)));
}

/// <summary>
/// The citizens' reductions the coupons reward: the reductions behind the credits spent on them, at the methodology's
/// grams per credit (<see cref="ClosedLoopRate"/>). 20 credits ≈ 2.18 kg, so a ¥2 coupon pays ≈ ¥916.67 per tonne.
/// </summary>
/// <param name="SoFar">Behind the credits spent on the coupons redeemed so far.</param>
/// <param name="WhenAllRedeemed">Behind the credits every funded coupon costs.</param>
/// <param name="CouponValuePerTonne">Face value funded ÷ <see cref="WhenAllRedeemed"/> in tonnes, to the fen (half away from zero); the same for each coupon redeemed.</param>
public sealed record ClosedLoopRewards(CarbonMass SoFar, CarbonMass WhenAllRedeemed, Fen? CouponValuePerTonne)
{
    public static ClosedLoopRewards Of(ClosedLoopCoupons coupons, ClosedLoopRate rate) => new(
        ClosedLoopArithmetic.ReductionBehind(coupons.CreditsSpent, rate),
        ClosedLoopArithmetic.ReductionBehind(coupons.FundedPrice, rate),
        ClosedLoopArithmetic.ValuePerTonneBehind(coupons.FundedValue, coupons.FundedPrice, rate));
}

public sealed record ClosedLoopBatch(long BatchId, Fen FaceValue, Credits Price, BatchStatus Status, ClosedLoopCoupons Coupons, ClosedLoopRewards Rewards);

/// <param name="AveragePricePerTonne">Revenue ÷ tonnes sold, to the fen (half away from zero); null before a sale.</param>
/// <param name="TonnesRewardedPerTonneSold">Citizens' tonnes rewarded so far per tonne sold, to 9 decimals; null before a sale.</param>
/// <param name="TonnesRewardedPerTonneSoldWhenAllRedeemed">The same once every funded coupon is redeemed.</param>
public sealed record ClosedLoopProject(
    long ProjectId, string Name, string Organization, long TonnesIssued, long TonnesSold, Fen Revenue, Fen? AveragePricePerTonne,
    ClosedLoopCoupons Coupons, ClosedLoopRewards Rewards, decimal? TonnesRewardedPerTonneSold, decimal? TonnesRewardedPerTonneSoldWhenAllRedeemed,
    IReadOnlyList<ClosedLoopBatch> Batches);

/// <summary>From tonnes sold to rides paid by coupons, per project and per batch, as of <paramref name="AsOf"/> (which decides expiry).</summary>
public sealed record ClosedLoop(ClosedLoopRate Rate, DateTime AsOf, IReadOnlyList<ClosedLoopProject> Projects);
