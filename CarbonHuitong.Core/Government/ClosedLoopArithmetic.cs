using System.Numerics;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// The closed loop's exact arithmetic: every ratio is a quotient of whole numbers (fen, hundredths of a credit,
/// milligrams, tonnes), worked out in integers and rounded once, half away from zero, at the end.
/// </summary>
public static class ClosedLoopArithmetic
{
    private const long MilligramsPerTonne = 1_000_000_000;

    /// <summary>Decimal places of a tonnes-per-tonne ratio: exact to the milligram per tonne.</summary>
    public const int RatioDecimals = 9;

    /// <summary>numerator ÷ denominator (denominator &gt; 0), rounded half away from zero to a whole number.</summary>
    public static BigInteger RoundedQuotient(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(denominator), "The denominator must be positive.");
        var quotient = BigInteger.DivRem(BigInteger.Abs(numerator), denominator, out var remainder);
        if (remainder * 2 >= denominator) quotient += 1;
        return numerator.Sign < 0 ? -quotient : quotient;
    }

    /// <summary>Revenue ÷ tonnes sold, to the fen; null when nothing was sold.</summary>
    public static Fen? AveragePricePerTonne(Fen revenue, long tonnesSold) =>
        tonnesSold <= 0 ? null : new Fen((long)RoundedQuotient(revenue.Value, tonnesSold));

    /// <summary>The reductions behind <paramref name="credits"/> at <paramref name="rate"/>, to the milligram.</summary>
    public static CarbonMass ReductionBehind(Credits credits, ClosedLoopRate rate) =>
        new((long)RoundedQuotient((BigInteger)credits.Hundredths * rate.PerUnit.Milligrams, rate.CreditsPerUnit.Hundredths));

    /// <summary>
    /// Coupon value ÷ the tonnes of reductions behind the credits it costs, to the fen: value × 10⁹ mg/t × credits per
    /// unit ÷ (credits × milligrams per unit). Null when the coupons cost no credits.
    /// </summary>
    public static Fen? ValuePerTonneBehind(Fen value, Credits credits, ClosedLoopRate rate) =>
        credits.Hundredths <= 0 ? null
            : new Fen((long)RoundedQuotient((BigInteger)value.Value * MilligramsPerTonne * rate.CreditsPerUnit.Hundredths,
                (BigInteger)credits.Hundredths * rate.PerUnit.Milligrams));

    /// <summary>Tonnes of reductions behind <paramref name="credits"/> per tonne sold, to <see cref="RatioDecimals"/> places; null when nothing was sold.</summary>
    public static decimal? TonnesBehindPerTonneSold(Credits credits, long tonnesSold, ClosedLoopRate rate)
    {
        if (tonnesSold <= 0) return null;
        var scale = BigInteger.Pow(10, RatioDecimals);
        var scaled = RoundedQuotient((BigInteger)credits.Hundredths * rate.PerUnit.Milligrams * scale,
            (BigInteger)rate.CreditsPerUnit.Hundredths * MilligramsPerTonne * tonnesSold);
        return new decimal((long)scaled) / (decimal)scale;
    }
}
