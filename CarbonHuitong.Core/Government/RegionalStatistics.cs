using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// The regional carbon ledger: what citizens reduced, by district, category, behaviour and month, read from the monthly
/// rollups (<see cref="DistrictMonthReduction"/>, <see cref="AccountMonthActivity"/>) and the accounts counted by
/// district, never from the ledger, with small cells suppressed (<see cref="SmallCellSuppression"/>).
/// <para>
/// Which citizens a cell counts: its active citizens, those with an earn counted in it (each is counted in every
/// district, category, behaviour or month they earned in), over the period and in each month of it; and for a district
/// also its registered citizens. A cell is shown only when its active citizens over the period, and in every month in which
/// it has figures, reach the minimum, and its registered citizens too when there are any: the months because two
/// overlapping periods differ by whole months; the categories of a district because a category-filtered table differs
/// from the unfiltered one by the district's other categories.
/// </para>
/// </summary>
public sealed partial class RegionalStatistics(CarbonDbContext db, IOptions<GovernmentOptions> options)
{
    private int Minimum => options.Value.MinimumCellCitizens;

    /// <summary>
    /// Each district (and "not given") over the period, with what is too small to show folded into Other. With a
    /// category, the figures are that category's (coupons redeemed belong to no category, so they are 0), and a district
    /// is shown only if it is shown without the filter and its own categories leave that one visible.
    /// </summary>
    public async Task<DistrictTable> DistrictsAsync(Actor reader, MonthRange period, BehaviourCategory? category = null, CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        var data = await DistrictDataAsync(period, category?.ToString(), ct);
        if (category is null) return DistrictTableOf(data, await SuppressDistrictsAsync(data, new HashSet<string>(), ct));

        var unfiltered = await DistrictDataAsync(period, null, ct);
        var hidden = (await SuppressDistrictsAsync(unfiltered, new HashSet<string>(), ct)).Keys.ToHashSet();
        var categoryName = category.Value.ToString();
        var categoriesHidden = await CategoriesHiddenAsync(period, ct);
        // The platform's own categories: a category too small among them would be the total less the others.
        if (categoriesHidden[Platform].Contains(categoryName) || HiddenInSomeMonth(await MonthCategoryGridAsync(period, ct), period, categoryName))
            return DistrictTableOf(data, new Suppression(AllKeys, data.TotalActive), totalHidden: true);
        foreach (var key in AllKeys.Where(k => categoriesHidden.GetValueOrDefault(k, NoneHidden).Contains(categoryName))) hidden.Add(key);
        return DistrictTableOf(data, await SuppressDistrictsAsync(data, hidden, ct));
    }

    /// <summary>Every row's key: each district's code, then "" for not given.</summary>
    private static readonly IReadOnlyList<string> AllKeys = [.. DistrictCatalogue.All.Select(d => d.Code), DistrictMonthReduction.NotGiven];

    private sealed record DistrictData(MonthRange Period, string? Category, IReadOnlyList<FigureRow> Figures,
        IReadOnlyDictionary<string, long> Active, IReadOnlyDictionary<(DateOnly, string), long> ActiveByMonth, IReadOnlyDictionary<string, long> Registered,
        long TotalActive, IReadOnlyDictionary<DateOnly, long> TotalActiveByMonth);

    private sealed record FigureRow(DateOnly Month, string DistrictCode, string Category, long Milligrams, long CreditHundredths, long Entries,
        long CouponsRedeemed, long CouponsUsed)
    {
        public bool HasFigures => Entries != 0 || CouponsRedeemed != 0 || CouponsUsed != 0 || Milligrams != 0 || CreditHundredths != 0;
    }

    private IQueryable<AccountMonthActivity> Activity(MonthRange period, string? category)
    {
        var (from, to) = period;
        var rows = db.AccountMonthActivities.AsNoTracking().Where(a => a.Month >= from && a.Month <= to);
        return category is null ? rows : rows.Where(a => a.Category == category);
    }

    private async Task<DistrictData> DistrictDataAsync(MonthRange period, string? category, CancellationToken ct)
    {
        var (from, to) = period;
        var reductions = db.DistrictMonthReductions.AsNoTracking().Where(r => r.Month >= from && r.Month <= to);
        if (category is not null) reductions = reductions.Where(r => r.Category == category);
        var figures = await reductions.GroupBy(r => new { r.Month, r.DistrictCode, r.Category })
            .Select(g => new FigureRow(g.Key.Month, g.Key.DistrictCode, g.Key.Category, g.Sum(r => r.Milligrams), g.Sum(r => r.CreditHundredths),
                g.Sum(r => r.Entries), g.Sum(r => r.CouponsRedeemed), g.Sum(r => r.CouponsUsed)))
            .ToListAsync(ct);
        var activity = Activity(period, category);
        var active = await activity.GroupBy(a => a.DistrictCode)
            .Select(g => new { g.Key, Citizens = g.Select(a => a.AccountId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => (long)g.Citizens, ct);
        var byMonth = await activity.GroupBy(a => new { a.Month, a.DistrictCode })
            .Select(g => new { g.Key.Month, g.Key.DistrictCode, Citizens = g.Select(a => a.AccountId).Distinct().Count() })
            .ToDictionaryAsync(g => (g.Month, g.DistrictCode), g => (long)g.Citizens, ct);
        var totalActive = await activity.Select(a => a.AccountId).Distinct().LongCountAsync(ct);
        var totalByMonth = await activity.GroupBy(a => a.Month)
            .Select(g => new { g.Key, Citizens = g.Select(a => a.AccountId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => (long)g.Citizens, ct);
        var end = period.EndUtc;
        var registered = await db.CarbonAccounts.AsNoTracking().Where(a => a.OpenedAt < end && (a.ClosedAt == null || a.ClosedAt >= end))
            .GroupBy(a => a.DistrictCode).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Key ?? DistrictMonthReduction.NotGiven, g => g.Count, ct);
        return new DistrictData(period, category, figures, active, byMonth, registered, totalActive, totalByMonth);
    }

    /// <summary>A district's slices: active citizens over the period, registered citizens, then active citizens in each month.</summary>
    private static SuppressionCell<string> DistrictCell(DistrictData data, string key)
    {
        var registered = data.Registered.GetValueOrDefault(key);
        var rows = data.Figures.Where(f => f.DistrictCode == key).ToList();
        var slices = new List<CellSlice>
        {
            new(data.Active.GetValueOrDefault(key), rows.Any(r => r.HasFigures)),
            new(registered, registered > 0),
        };
        slices.AddRange(data.Period.Months.Select(m => new CellSlice(data.ActiveByMonth.GetValueOrDefault((m, key)), rows.Any(r => r.Month == m && r.HasFigures))));
        return new SuppressionCell<string>(key, slices);
    }

    /// <summary>What suppression decided: the districts folded into Other, and Other's active citizens counted once.</summary>
    private sealed record Suppression(IReadOnlyCollection<string> Keys, long OtherActive);

    /// <summary>
    /// The districts to suppress. A citizen who earned in two districts in the period is counted in each, so the Other
    /// that the rule allows (by adding its districts up) is checked once more against its citizens counted once, over the
    /// period and in each month with figures; if too few, the next-smallest district goes too.
    /// </summary>
    private async Task<Suppression> SuppressDistrictsAsync(DistrictData data, IReadOnlySet<string> hidden, CancellationToken ct)
    {
        var total = new SuppressionCell<string>("", TotalSlices(data));
        if (!SmallCellSuppression.IsShown(total, Minimum)) return new Suppression(AllKeys, data.TotalActive);
        var cells = AllKeys.Select(k => DistrictCell(data, k)).ToList();
        var forced = new HashSet<string>(hidden);
        while (true)
        {
            var suppressed = SmallCellSuppression.Suppress(cells, Minimum, CellOverlap.Disjoint, forced);
            if (suppressed.Count == cells.Count) return new Suppression(suppressed, data.TotalActive);
            var folded = cells.Where(c => suppressed.Contains(c.Key)).ToList();
            var other = await OtherSlicesAsync(data, folded, ct);
            if (SmallCellSuppression.IsSafe(other, Minimum)) return new Suppression(suppressed, other.Count == 0 ? 0 : other[0].Citizens);
            forced = [.. suppressed, cells.Where(c => !suppressed.Contains(c.Key)).OrderBy(c => c.Citizens).First().Key];
        }
    }

    /// <summary>
    /// Other's slices with each citizen counted once: active over the period, registered (one district each), then active
    /// in each month. Two queries, only when something with figures is folded.
    /// </summary>
    private async Task<IReadOnlyList<CellSlice>> OtherSlicesAsync(DistrictData data, IReadOnlyList<SuppressionCell<string>> folded, CancellationToken ct)
    {
        if (folded.Count == 0) return [];
        var together = SmallCellSuppression.Together(folded, CellOverlap.Disjoint);
        if (!together[0].HasFigures) return together;
        var keys = folded.Select(c => c.Key).ToList();
        var activity = Activity(data.Period, data.Category).Where(a => keys.Contains(a.DistrictCode));
        var active = await activity.Select(a => a.AccountId).Distinct().LongCountAsync(ct);
        var byMonth = await activity.GroupBy(a => a.Month)
            .Select(g => new { g.Key, Citizens = g.Select(a => a.AccountId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => (long)g.Citizens, ct);
        return
        [
            together[0] with { Citizens = active },
            together[1],
            .. data.Period.Months.Select((m, i) => together[2 + i] with { Citizens = byMonth.GetValueOrDefault(m) }),
        ];
    }

    private static IReadOnlyList<CellSlice> TotalSlices(DistrictData data)
    {
        var registered = data.Registered.Values.Sum();
        var slices = new List<CellSlice> { new(data.TotalActive, data.Figures.Any(f => f.HasFigures)), new(registered, registered > 0) };
        slices.AddRange(data.Period.Months.Select(m => new CellSlice(data.TotalActiveByMonth.GetValueOrDefault(m), data.Figures.Any(f => f.Month == m && f.HasFigures))));
        return slices;
    }

    /// <summary>The key of the platform's own categories in <see cref="CategoriesHiddenAsync"/>.</summary>
    private const string Platform = "*";

    private static readonly IReadOnlySet<string> NoneHidden = new HashSet<string>();

    /// <summary>
    /// The categories hidden among each district's categories, and among the platform's (<see cref="Platform"/>): each
    /// category is a cell with its months as slices, and a citizen may be in several.
    /// </summary>
    private async Task<Dictionary<string, IReadOnlySet<string>>> CategoriesHiddenAsync(MonthRange period, CancellationToken ct)
    {
        var (from, to) = period;
        var activity = Activity(period, null);
        var byDistrict = await activity.GroupBy(a => new { a.DistrictCode, a.Category })
            .Select(g => new { g.Key.DistrictCode, g.Key.Category, Citizens = g.Select(a => a.AccountId).Distinct().Count() })
            .ToDictionaryAsync(g => (g.DistrictCode, g.Category), g => (long)g.Citizens, ct);
        var byDistrictMonth = await activity.GroupBy(a => new { a.Month, a.DistrictCode, a.Category })
            .Select(g => new { g.Key.Month, g.Key.DistrictCode, g.Key.Category, Citizens = g.Select(a => a.AccountId).Distinct().Count() })
            .ToDictionaryAsync(g => (g.Month, g.DistrictCode, g.Category), g => (long)g.Citizens, ct);
        var platform = await activity.GroupBy(a => a.Category)
            .Select(g => new { g.Key, Citizens = g.Select(a => a.AccountId).Distinct().Count() }).ToDictionaryAsync(g => (Platform, g.Key), g => (long)g.Citizens, ct);
        var platformMonth = await activity.GroupBy(a => new { a.Month, a.Category })
            .Select(g => new { g.Key.Month, g.Key.Category, Citizens = g.Select(a => a.AccountId).Distinct().Count() })
            .ToDictionaryAsync(g => (g.Month, Platform, g.Category), g => (long)g.Citizens, ct);
        foreach (var (key, count) in platform) byDistrict[key] = count;
        foreach (var (key, count) in platformMonth) byDistrictMonth[key] = count;
        var withFigures = (await db.DistrictMonthReductions.AsNoTracking().Where(r => r.Month >= from && r.Month <= to && r.Entries != 0)
            .Select(r => new { r.Month, r.DistrictCode, r.Category }).Distinct().ToListAsync(ct))
            .SelectMany(r => new[] { (r.Month, r.DistrictCode, r.Category), (r.Month, Platform, r.Category) }).ToHashSet();

        var hidden = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var district in AllKeys.Append(Platform))
        {
            var cells = Enum.GetNames<BehaviourCategory>().Select(k => new SuppressionCell<string>(k,
            [
                new(byDistrict.GetValueOrDefault((district, k)), period.Months.Any(m => withFigures.Contains((m, district, k)))),
                .. period.Months.Select(m => new CellSlice(byDistrictMonth.GetValueOrDefault((m, district, k)), withFigures.Contains((m, district, k)))),
            ])).ToList();
            hidden[district] = SmallCellSuppression.Suppress(cells, Minimum, CellOverlap.Overlapping);
        }
        return hidden;
    }

    private DistrictTable DistrictTableOf(DistrictData data, Suppression suppression, bool totalHidden = false)
    {
        var suppressed = suppression.Keys;
        var rows = AllKeys.Select(k => suppressed.Contains(k) ? Hidden(k) : RowOf(data, [k], k)).ToList();
        var total = new SuppressionCell<string>("", TotalSlices(data));
        if (totalHidden || !SmallCellSuppression.IsShown(total, Minimum))
            return new DistrictTable(rows, Hidden(null), Hidden(null), Minimum);
        var folded = AllKeys.Where(suppressed.Contains).ToList();
        var other = folded.Count == 0 ? Hidden(null) : RowOf(data, folded, null) with { ActiveCitizens = suppression.OtherActive };
        var totalRow = RowOf(data, AllKeys, null) with { ActiveCitizens = data.TotalActive };
        return new DistrictTable(rows, other, totalRow, Minimum);
    }

    private static DistrictRow Hidden(string? key) =>
        new(key is null or DistrictMonthReduction.NotGiven ? null : key, null, null, null, null, null, null, Suppressed: true);

    /// <summary>The figures of these districts together; active citizens are counted per district (see the class), so Other
    /// and the total replace them with their citizens counted once.</summary>
    private static DistrictRow RowOf(DistrictData data, IReadOnlyCollection<string> keys, string? code)
    {
        var rows = data.Figures.Where(f => keys.Contains(f.DistrictCode)).ToList();
        return new DistrictRow(code is DistrictMonthReduction.NotGiven ? null : code, keys.Sum(k => data.Registered.GetValueOrDefault(k)),
            keys.Sum(k => data.Active.GetValueOrDefault(k)), rows.Sum(r => r.Milligrams), rows.Sum(r => r.CreditHundredths), rows.Sum(r => r.CouponsRedeemed),
            rows.Sum(r => r.CouponsUsed), Suppressed: false);
    }
}
