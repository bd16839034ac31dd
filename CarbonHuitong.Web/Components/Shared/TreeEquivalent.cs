using System.Globalization;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// A reduction put as a tree's work, which a person pictures more readily than grams: the US EPA counts 0.060 t of CO₂
/// taken up by one urban tree seedling grown for ten years, so about 16.4 g a day.
/// </summary>
public static class TreeEquivalent
{
    /// <summary>Grams of CO₂ one seedling takes up in ten years (US EPA, Greenhouse Gas Equivalencies Calculator).</summary>
    private const decimal GramsPerSeedlingDecade = 60_000m;
    private const decimal DaysPerDecade = 3_652.5m;

    public static string Source => CitizenText.Get("US EPA Greenhouse Gas Equivalencies: one urban tree seedling grown for 10 years takes up 0.060 t of CO₂.");

    /// <summary>"About what one tree takes up in 22 days" (or in years, past two); null for nothing reduced yet.</summary>
    public static string? Of(CarbonMass reduced)
    {
        if (reduced.Milligrams <= 0) return null;
        var days = reduced.Grams * DaysPerDecade / GramsPerSeedlingDecade;
        if (days < 1m) return CitizenText.Get("About what one tree takes up in less than a day");
        return days < 730m
            ? string.Format(CultureInfo.CurrentCulture, CitizenText.Get("About what one tree takes up in {0:#,0} days"), Math.Round(days, MidpointRounding.AwayFromZero))
            : string.Format(CultureInfo.CurrentCulture, CitizenText.Get("About what one tree takes up in {0:#,0.#} years"), Math.Round(days / 365.25m, 1, MidpointRounding.AwayFromZero));
    }
}
