using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// The regional carbon ledger: what citizens reduced, by district, category, behaviour and month, read from the monthly
/// rollups (<see cref="DistrictMonthReduction"/>), the active citizens counted per scope and month (<see cref="ActiveCitizenCounts"/>)
/// and the citizens registered per month (<see cref="RegisteredCitizenMonth"/>), never from the ledger or the accounts, with
/// small cells suppressed (<see cref="SmallCellSuppression"/>). Each request reads those three once.
/// <para>
/// Which citizens a cell counts: its active citizens, those with an earn counted in it (each is counted in every
/// district, category, behaviour or month they earned in), over the period and in each month of it; and for a district
/// also its registered citizens. A cell is shown only when its active citizens over the period, and in every month in which
/// it has figures, reach the minimum, and its registered citizens too when there are any: the months because two
/// overlapping periods differ by whole months; the categories of a district because a category-filtered table differs
/// from the unfiltered one by the district's other categories.
/// </para>
/// </summary>
public sealed partial class RegionalStatistics(CarbonDbContext db, ActiveCitizenCounts counts, IOptions<GovernmentOptions> options)
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
        return await DistrictTableAsync(await SnapshotAsync(period, ct), category, ct);
    }

    /// <summary>What the dashboard shows at once (the district table, reductions per month and participation), from one read.</summary>
    public async Task<Dashboard> DashboardAsync(Actor reader, MonthRange period, BehaviourCategory? category = null, CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        var snapshot = await SnapshotAsync(period, ct);
        return new Dashboard(await DistrictTableAsync(snapshot, category, ct), ReductionsByMonthOf(snapshot, category), ParticipationOf(snapshot));
    }

    private async Task<DistrictTable> DistrictTableAsync(Snapshot snapshot, BehaviourCategory? category, CancellationToken ct)
    {
        var period = snapshot.Period;
        var unfiltered = DistrictDataOf(snapshot, null);
        var unfilteredSuppression = await SuppressDistrictsAsync(unfiltered, new HashSet<string>(), ct);
        if (category is null) return DistrictTableOf(unfiltered, unfilteredSuppression);

        var categoryName = category.Value.ToString();
        var data = DistrictDataOf(snapshot, categoryName);
        var hidden = unfilteredSuppression.Keys.ToHashSet();
        var categoriesHidden = CategoriesHidden(snapshot);
        // The platform's own categories: a category too small among them would be the total less the others.
        if (categoriesHidden[Platform].Contains(categoryName) || HiddenInSomeMonth(MonthCategoryGridOf(snapshot), period, categoryName))
            return DistrictTableOf(data, new Suppression(AllKeys, data.TotalActive), totalHidden: true);
        foreach (var key in AllKeys.Where(k => categoriesHidden.GetValueOrDefault(k, NoneHidden).Contains(categoryName))) hidden.Add(key);
        return DistrictTableOf(data, await SuppressDistrictsAsync(data, hidden, ct));
    }

    /// <summary>Every row's key: each district's code, then "" for not given.</summary>
    private static readonly IReadOnlyList<string> AllKeys = [.. DistrictCatalogue.All.Select(d => d.Code), DistrictMonthReduction.NotGiven];

    /// <summary>What every figure of a period is computed from: three reads, whatever the request. The figures are per month,
    /// district and behaviour, the order of the rollup's key, so the database groups them without sorting.</summary>
    private sealed record Snapshot(MonthRange Period, IReadOnlyList<FigureRow> Figures, ActiveCitizenTable Active, RegisteredCitizens Registered);

    private async Task<Snapshot> SnapshotAsync(MonthRange period, CancellationToken ct)
    {
        var (from, to) = period;
        var figures = await db.DistrictMonthReductions.AsNoTracking().Where(r => r.Month >= from && r.Month <= to)
            .GroupBy(r => new { r.Month, r.DistrictCode, r.BehaviourCode })
            .Select(g => new FigureRow(g.Key.Month, g.Key.DistrictCode, g.Key.BehaviourCode, g.Max(r => r.Category), g.Sum(r => r.Milligrams), g.Sum(r => r.CreditHundredths),
                g.Sum(r => r.Entries), g.Sum(r => r.CouponsRedeemed), g.Sum(r => r.CouponsUsed)))
            .ToListAsync(ct);
        return new Snapshot(period, figures, await counts.ReadAsync(period, ct), await counts.RegisteredAsync(to, ct));
    }

    private sealed record DistrictData(MonthRange Period, string? Category, IReadOnlyList<FigureRow> Figures,
        IReadOnlyDictionary<string, long> Active, IReadOnlyDictionary<(DateOnly, string), long> ActiveByMonth, IReadOnlyDictionary<string, long> Registered,
        long TotalActive, IReadOnlyDictionary<DateOnly, long> TotalActiveByMonth);

    private sealed record FigureRow(DateOnly Month, string DistrictCode, string BehaviourCode, string Category, long Milligrams, long CreditHundredths, long Entries,
        long CouponsRedeemed, long CouponsUsed)
    {
        public bool HasFigures => Entries != 0 || CouponsRedeemed != 0 || CouponsUsed != 0 || Milligrams != 0 || CreditHundredths != 0;
    }

    /// <summary>The active citizens' scope of a district's row, with or without a category.</summary>
    private static string DistrictScope(string key, string? category) =>
        category is null ? ActivityScope.District(key) : ActivityScope.DistrictCategory(key, category);

    private static DistrictData DistrictDataOf(Snapshot snapshot, string? category)
    {
        var period = snapshot.Period;
        var figures = category is null ? snapshot.Figures : snapshot.Figures.Where(f => f.Category == category).ToList();
        var active = snapshot.Active;
        var total = category is null ? ActivityScope.Platform : ActivityScope.Category(category);
        return new DistrictData(period, category, figures,
            AllKeys.ToDictionary(k => k, k => active.Over(DistrictScope(k, category))),
            AllKeys.SelectMany(k => period.Months.Select(m => (m, k))).ToDictionary(x => x, x => active.In(DistrictScope(x.k, category), x.m)),
            snapshot.Registered.ByDistrictAtEndOf(period.To),
            active.Over(total), period.Months.ToDictionary(m => m, m => active.In(total, m)));
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
    /// in each month. Two queries over the folded districts' own activity rows, only when something with figures is folded.
    /// </summary>
    private async Task<IReadOnlyList<CellSlice>> OtherSlicesAsync(DistrictData data, IReadOnlyList<SuppressionCell<string>> folded, CancellationToken ct)
    {
        if (folded.Count == 0) return [];
        var together = SmallCellSuppression.Together(folded, CellOverlap.Disjoint);
        if (!together[0].HasFigures) return together;
        var scopes = folded.Select(c => DistrictScope(c.Key, data.Category)).ToList();
        var (from, to) = data.Period;
        var activity = db.ActivitySpans.AsNoTracking().Where(s => scopes.Contains(s.Scope) && s.Month >= from && s.Month <= to);
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

    /// <summary>The key of the platform's own categories in <see cref="CategoriesHidden"/>.</summary>
    private const string Platform = "*";

    private static readonly IReadOnlySet<string> NoneHidden = new HashSet<string>();

    /// <summary>
    /// The categories hidden among each district's categories, and among the platform's (<see cref="Platform"/>): each
    /// category is a cell with its months as slices, and a citizen may be in several.
    /// </summary>
    private Dictionary<string, IReadOnlySet<string>> CategoriesHidden(Snapshot snapshot)
    {
        var period = snapshot.Period;
        var withFigures = snapshot.Figures.Where(f => f.Entries != 0)
            .SelectMany(f => new[] { (f.Month, f.DistrictCode, f.Category), (f.Month, Platform, f.Category) }).ToHashSet();
        var active = snapshot.Active;
        string ScopeOf(string district, string category) =>
            district == Platform ? ActivityScope.Category(category) : ActivityScope.DistrictCategory(district, category);

        var hidden = new Dictionary<string, IReadOnlySet<string>>();
        foreach (var district in AllKeys.Append(Platform))
        {
            var cells = Enum.GetNames<BehaviourCategory>().Select(k => new SuppressionCell<string>(k,
            [
                new(active.Over(ScopeOf(district, k)), period.Months.Any(m => withFigures.Contains((m, district, k)))),
                .. period.Months.Select(m => new CellSlice(active.In(ScopeOf(district, k), m), withFigures.Contains((m, district, k)))),
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
