using System.Globalization;

namespace CarbonHuitong.Core.Ledger;

/// <summary>An exact amount of carbon credits, kept as whole hundredths so sums never drift.</summary>
public readonly record struct Credits(long Hundredths) : IComparable<Credits>
{
    public static readonly Credits Zero = new(0);

    /// <summary>Always carries two decimals (66.30, not 66.3), which is how credits are shown.</summary>
    public decimal Value => Hundredths * 0.01m;

    public static Credits FromDecimal(decimal value)
    {
        if (decimal.Round(value, 2) != value)
        {
            throw new DomainException(ErrorCodes.InvalidAmount, $"Credits have at most two decimals; {value} has more.");
        }
        return new Credits((long)(value * 100m));
    }

    /// <summary>Rounds half away from zero to the nearest hundredth, the rounding the methodology publishes.</summary>
    public static Credits RoundFrom(decimal value) =>
        new((long)decimal.Round(value * 100m, 0, MidpointRounding.AwayFromZero));

    public static Credits operator +(Credits a, Credits b) => new(a.Hundredths + b.Hundredths);
    public static Credits operator -(Credits a, Credits b) => new(a.Hundredths - b.Hundredths);
    public static Credits operator -(Credits a) => new(-a.Hundredths);
    public static bool operator <(Credits a, Credits b) => a.Hundredths < b.Hundredths;
    public static bool operator >(Credits a, Credits b) => a.Hundredths > b.Hundredths;
    public static bool operator <=(Credits a, Credits b) => a.Hundredths <= b.Hundredths;
    public static bool operator >=(Credits a, Credits b) => a.Hundredths >= b.Hundredths;

    public int CompareTo(Credits other) => Hundredths.CompareTo(other.Hundredths);

    public override string ToString() => Value.ToString("0.00", CultureInfo.InvariantCulture);
}
