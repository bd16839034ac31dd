using System.Globalization;

namespace CarbonHuitong.Core.Ledger;

/// <summary>An exact mass of CO2e, kept in whole milligrams (the finest published factor is 45.72 g).</summary>
public readonly record struct CarbonMass(long Milligrams)
{
    public decimal Grams => Milligrams * 0.001m;

    public static CarbonMass FromGrams(decimal grams) =>
        new((long)decimal.Round(grams * 1000m, 0, MidpointRounding.AwayFromZero));

    /// <summary>Grams, kilograms or tonnes, whichever reads naturally.</summary>
    public string ToDisplayString(IFormatProvider? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var grams = Grams;
        return Math.Abs(grams) switch
        {
            // Two decimals always, so figures side by side read alike ("2.40 kg" beside "2.28 kg").
            >= 1_000_000m => string.Format(culture, "{0:#,0.00} t", grams / 1_000_000m),
            >= 1_000m => string.Format(culture, "{0:#,0.00} kg", grams / 1_000m),
            _ => string.Format(culture, "{0:#,0.##} g", grams),
        };
    }

    public override string ToString() => ToDisplayString(CultureInfo.InvariantCulture);
}
