using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Government;

public sealed class ClosedLoopArithmeticTests
{
    private static readonly ClosedLoopRate BusRide = new("bus_ride", new CarbonMass(120_000), new Credits(110));

    [Theory]
    [InlineData(5, 2, 3)]
    [InlineData(-5, 2, -3)]
    [InlineData(7, 3, 2)]
    [InlineData(8, 3, 3)]
    [InlineData(-7, 3, -2)]
    public void Quotients_round_half_away_from_zero(long numerator, long denominator, long expected) =>
        Assert.Equal(expected, (long)ClosedLoopArithmetic.RoundedQuotient(numerator, denominator));

    [Fact]
    public void The_average_price_rounds_to_the_fen_and_is_empty_before_a_sale()
    {
        Assert.Equal(new Fen(6_02), ClosedLoopArithmetic.AveragePricePerTonne(new Fen(1_000_000_00), 166_000));
        // ¥1.005 a tonne is half a fen: away from zero.
        Assert.Equal(new Fen(1_01), ClosedLoopArithmetic.AveragePricePerTonne(new Fen(2_01), 2));
        Assert.Null(ClosedLoopArithmetic.AveragePricePerTonne(Fen.Zero, 0));
    }

    [Fact]
    public void The_largest_batches_stay_exact_where_a_decimal_would_overflow()
    {
        // 10,000,000 coupons of ¥10,000 at 1,000,000 credits, and a factor of 10,000 credits per unit.
        var rate = new ClosedLoopRate("x", new CarbonMass(1), new Credits(1_000_000));
        var value = ClosedLoopArithmetic.ValuePerTonneBehind(new Fen(1_000_000_00L * 10_000_000), new Credits(100_000_000L * 10_000_000), rate);
        Assert.Equal(new Fen(1_000_000_000_000_000), value);
        Assert.Null(ClosedLoopArithmetic.ValuePerTonneBehind(new Fen(2_00), Credits.Zero, BusRide));
    }

    [Fact]
    public void Twenty_credits_are_about_2_18_kg_and_a_2_yuan_coupon_for_them_916_67_yuan_a_tonne()
    {
        Assert.Equal(new CarbonMass(2_181_818), ClosedLoopArithmetic.ReductionBehind(Credits.FromDecimal(20m), BusRide));
        Assert.Equal(new Fen(916_67), ClosedLoopArithmetic.ValuePerTonneBehind(new Fen(2_00), Credits.FromDecimal(20m), BusRide));
    }
}
