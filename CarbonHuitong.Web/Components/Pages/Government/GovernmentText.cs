using System.Globalization;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Pages.Government;

/// <summary>
/// How regional figures read, on the dashboard, in its CSV and in the API alike: a suppressed cell as "&lt;10", a mass
/// in one unit for a whole table, exact to the gram, and each row's name in the reader's language.
/// </summary>
public static class GovernmentText
{
    /// <summary>What a suppressed cell shows instead of its figure: "&lt;10" for the configured minimum of 10.</summary>
    public static string Suppressed(int minimumCitizens) => "<" + minimumCitizens.ToString(CultureInfo.InvariantCulture);

    public static string Count(long? value, int minimumCitizens) =>
        value is { } count ? count.ToString("#,0", CultureInfo.CurrentCulture) : Suppressed(minimumCitizens);

    public static string Credits(long? hundredths, int minimumCitizens) =>
        hundredths is { } value ? new Credits(value).Value.ToString("#,0.00", CultureInfo.CurrentCulture) : Suppressed(minimumCitizens);

    /// <summary>
    /// Tonnes once the largest figure reaches a tonne, else kilograms (also for no figures at all): one unit per table,
    /// so its rows compare at a glance.
    /// </summary>
    public static MassUnit UnitFor(IEnumerable<long?> milligrams) =>
        milligrams.Select(m => m ?? 0).DefaultIfEmpty(0).Max() >= MassUnit.Tonne.Milligrams ? MassUnit.Tonne : MassUnit.Kilogram;

    /// <summary>A mass in <paramref name="unit"/>, exact to the gram: 1,234.567 kg, 12.345678 t.</summary>
    public static string Mass(long? milligrams, MassUnit unit, int minimumCitizens) => milligrams is { } value
        ? Math.Round(value / (decimal)unit.Milligrams, unit.GramDecimals, MidpointRounding.AwayFromZero)
            .ToString(unit.GramDecimals == 3 ? "#,0.###" : "#,0.######", CultureInfo.CurrentCulture)
        : Suppressed(minimumCitizens);

    /// <summary>Exact grams, as the CSV and the API give them.</summary>
    public static decimal? Grams(long? milligrams) => milligrams is { } value ? new CarbonMass(value).Grams : null;

    /// <summary>A row's name: its district, "not given", "other" or "total", in the reader's language.</summary>
    public static string RowName(DistrictRowKind kind, string? districtCode) => kind switch
    {
        DistrictRowKind.District => DistrictCatalogue.Find(districtCode)?.NameIn(CultureInfo.CurrentUICulture) ?? districtCode ?? "",
        DistrictRowKind.NotGiven => AdminText.Get("District not given"),
        DistrictRowKind.Other => AdminText.Get("Other (small districts together)"),
        _ => AdminText.Get("Total"),
    };

    public static string DistrictName(District district) => district.NameIn(CultureInfo.CurrentUICulture);

    /// <summary>2026-03 in English, 2026年3月 in Chinese.</summary>
    public static string Month(DateOnly month) => Shared.LedgerText.Month(month);
}

/// <summary>A unit for a table's masses: kilograms to three decimals or tonnes to six, both exact to the gram.</summary>
public sealed record MassUnit(string Symbol, long Milligrams, int GramDecimals)
{
    public static readonly MassUnit Kilogram = new("kg", 1_000_000, 3);
    public static readonly MassUnit Tonne = new("t", 1_000_000_000, 6);
}

/// <summary>What a row of the district table is, so a client (or the CSV's reader) can tell the rows apart.</summary>
public enum DistrictRowKind
{
    District,
    NotGiven,
    Other,
    Total,
}

/// <summary>A district table row with its kind, in the order the page, the CSV and the API show them: districts, not given, other, total.</summary>
public sealed record ShownDistrictRow(DistrictRowKind Kind, DistrictRow Row)
{
    public string Name => GovernmentText.RowName(Kind, Row.DistrictCode);

    /// <summary>The code a client keys the row by: the district's, or "none", "other", "total".</summary>
    public string Code => Kind switch
    {
        DistrictRowKind.District => Row.DistrictCode!,
        DistrictRowKind.NotGiven => "none",
        DistrictRowKind.Other => "other",
        _ => "total",
    };

    public static IReadOnlyList<ShownDistrictRow> Of(DistrictTable table) =>
    [
        .. table.Rows.Select(r => new ShownDistrictRow(r.DistrictCode is null ? DistrictRowKind.NotGiven : DistrictRowKind.District, r)),
        new(DistrictRowKind.Other, table.Other),
        new(DistrictRowKind.Total, table.Total),
    ];
}
