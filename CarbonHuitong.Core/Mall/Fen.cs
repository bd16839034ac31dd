using System.Globalization;

namespace CarbonHuitong.Core.Mall;

/// <summary>Money in whole fen (0.01 yuan), so amounts are exact.</summary>
public readonly record struct Fen(long Value) : IComparable<Fen>
{
    public static readonly Fen Zero = new(0);

    public decimal Yuan => Value * 0.01m;

    public static Fen FromYuan(decimal yuan)
    {
        if (decimal.Round(yuan, 2) != yuan)
            throw new DomainException(ErrorCodes.InvalidAmount, $"An amount of money has at most two decimals; {yuan} has more.");
        return new Fen((long)(yuan * 100m));
    }

    public static Fen operator +(Fen a, Fen b) => new(a.Value + b.Value);
    public static Fen operator -(Fen a, Fen b) => new(a.Value - b.Value);
    public static Fen operator *(Fen a, long times) => new(a.Value * times);
    public static bool operator <(Fen a, Fen b) => a.Value < b.Value;
    public static bool operator >(Fen a, Fen b) => a.Value > b.Value;
    public static bool operator <=(Fen a, Fen b) => a.Value <= b.Value;
    public static bool operator >=(Fen a, Fen b) => a.Value >= b.Value;

    public int CompareTo(Fen other) => Value.CompareTo(other.Value);

    /// <summary>¥2.00</summary>
    public override string ToString() => "¥" + Yuan.ToString("#,0.00", CultureInfo.InvariantCulture);
}
