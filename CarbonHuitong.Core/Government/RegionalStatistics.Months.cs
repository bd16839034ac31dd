using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Government;

public sealed partial class RegionalStatistics
{
    /// <summary>
    /// Reductions per month and category. Each month's categories are a partition of the month's total (shown in the
    /// district table of that month), so a category too small is hidden together with the next-smallest of its month;
    /// the decision is the month's own, the same in every period that holds it.
    /// </summary>
    public async Task<IReadOnlyList<CategoryMonth>> ReductionsByMonthAsync(Actor reader, MonthRange period, BehaviourCategory? category = null,
        CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        var grid = await MonthCategoryGridAsync(period, ct);
        return period.Months.SelectMany(m => Enum.GetValues<BehaviourCategory>().Where(k => category is null || k == category)
                .Select(k => CategoryMonthOf(grid, m, k)))
            .ToList();
    }

    private static CategoryMonth CategoryMonthOf(MonthCategoryGrid grid, DateOnly month, BehaviourCategory category)
    {
        var key = (month, category.ToString());
        if (grid.Hidden.Contains(key)) return new CategoryMonth(month, category, null, null, null, Suppressed: true);
        var figures = grid.Figures.GetValueOrDefault(key, Empty);
        return new CategoryMonth(month, category, figures.Milligrams, figures.CreditHundredths, grid.Citizens.GetValueOrDefault(key), Suppressed: false);
    }

    private static readonly CategoryFigures Empty = new(0, 0, 0);

    private sealed record CategoryFigures(long Milligrams, long CreditHundredths, long Entries);

    private sealed record MonthCategoryGrid(IReadOnlyDictionary<(DateOnly, string), CategoryFigures> Figures,
        IReadOnlyDictionary<(DateOnly, string), long> Citizens, IReadOnlySet<(DateOnly, string)> Hidden);

    private async Task<MonthCategoryGrid> MonthCategoryGridAsync(MonthRange period, CancellationToken ct)
    {
        var (from, to) = period;
        var figures = await db.DistrictMonthReductions.AsNoTracking().Where(r => r.Month >= from && r.Month <= to && r.BehaviourCode != "")
            .GroupBy(r => new { r.Month, r.Category })
            .Select(g => new { g.Key.Month, g.Key.Category, Milligrams = g.Sum(r => r.Milligrams), Credits = g.Sum(r => r.CreditHundredths), Entries = g.Sum(r => r.Entries) })
            .ToDictionaryAsync(g => (g.Month, g.Category), g => new CategoryFigures(g.Milligrams, g.Credits, g.Entries), ct);
        var citizens = await Activity(period, null).GroupBy(a => new { a.Month, a.Category })
            .Select(g => new { g.Key.Month, g.Key.Category, Citizens = g.Select(a => a.AccountId).Distinct().Count() })
            .ToDictionaryAsync(g => (g.Month, g.Category), g => (long)g.Citizens, ct);
        var hidden = new HashSet<(DateOnly, string)>();
        foreach (var month in period.Months)
        {
            var cells = Enum.GetNames<BehaviourCategory>().Select(k => new SuppressionCell<string>(k,
                [new(citizens.GetValueOrDefault((month, k)), figures.GetValueOrDefault((month, k), Empty).Entries != 0)])).ToList();
            foreach (var k in SmallCellSuppression.Suppress(cells, Minimum, CellOverlap.Overlapping)) hidden.Add((month, k));
        }
        return new MonthCategoryGrid(figures, citizens, hidden);
    }

    /// <summary>Whether a category has figures hidden in some month of the period: then no table shows it over the period.</summary>
    private static bool HiddenInSomeMonth(MonthCategoryGrid grid, MonthRange period, string category) =>
        period.Months.Any(m => grid.Hidden.Contains((m, category)) && grid.Figures.GetValueOrDefault((m, category), Empty).Entries != 0);

    /// <summary>
    /// Figures per behaviour. The behaviours of a category are a partition of it, and all behaviours one of the platform's
    /// total, so each gets the rule (again until neither hides more); a behaviour is shown only when each month of it with
    /// figures reaches the minimum, and not at all while its category is hidden in a month of the period.
    /// </summary>
    public async Task<IReadOnlyList<BehaviourFigures>> ByBehaviourAsync(Actor reader, MonthRange period, BehaviourCategory? category = null,
        CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        var (from, to) = period;
        var figures = await db.DistrictMonthReductions.AsNoTracking().Where(r => r.Month >= from && r.Month <= to && r.BehaviourCode != "")
            .GroupBy(r => new { r.Month, r.BehaviourCode, r.Category })
            .Select(g => new { g.Key.Month, g.Key.BehaviourCode, g.Key.Category, Milligrams = g.Sum(r => r.Milligrams), Credits = g.Sum(r => r.CreditHundredths),
                Entries = g.Sum(r => r.Entries) })
            .ToListAsync(ct);
        var activity = Activity(period, null);
        var overPeriod = await activity.GroupBy(a => a.BehaviourCode)
            .Select(g => new { g.Key, Citizens = g.Select(a => a.AccountId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => (long)g.Citizens, ct);
        var byMonth = await activity.GroupBy(a => new { a.Month, a.BehaviourCode })
            .Select(g => new { g.Key.Month, g.Key.BehaviourCode, Citizens = g.Select(a => a.AccountId).Distinct().Count() })
            .ToDictionaryAsync(g => (g.Month, g.BehaviourCode), g => (long)g.Citizens, ct);
        var grid = await MonthCategoryGridAsync(period, ct);

        var behaviours = figures.GroupBy(f => f.BehaviourCode).Select(g => (Code: g.Key, g.First().Category)).OrderBy(b => b.Category, StringComparer.Ordinal)
            .ThenBy(b => b.Code, StringComparer.Ordinal).ToList();
        var cells = behaviours.ToDictionary(b => b.Code, b => new SuppressionCell<string>(b.Code,
        [
            new(overPeriod.GetValueOrDefault(b.Code), true),
            .. period.Months.Select(m => new CellSlice(byMonth.GetValueOrDefault((m, b.Code)), figures.Any(f => f.Month == m && f.BehaviourCode == b.Code && f.Entries != 0))),
        ]));
        var hidden = behaviours.Where(b => HiddenInSomeMonth(grid, period, b.Category)).Select(b => b.Code).ToHashSet();
        for (var before = -1; before != hidden.Count;)
        {
            before = hidden.Count;
            foreach (var inCategory in behaviours.GroupBy(b => b.Category))
                hidden.UnionWith(SmallCellSuppression.Suppress(inCategory.Select(b => cells[b.Code]).ToList(), Minimum, CellOverlap.Overlapping,
                    inCategory.Select(b => b.Code).Where(hidden.Contains)));
            hidden.UnionWith(SmallCellSuppression.Suppress(cells.Values.ToList(), Minimum, CellOverlap.Overlapping, hidden));
        }

        return behaviours.Where(b => category is null || b.Category == category.ToString()).Select(b =>
        {
            var kind = Enum.Parse<BehaviourCategory>(b.Category);
            if (hidden.Contains(b.Code)) return new BehaviourFigures(b.Code, kind, null, null, null, null, Suppressed: true);
            var of = figures.Where(f => f.BehaviourCode == b.Code).ToList();
            return new BehaviourFigures(b.Code, kind, of.Sum(f => f.Milligrams), of.Sum(f => f.Credits), of.Sum(f => f.Entries),
                overPeriod.GetValueOrDefault(b.Code), Suppressed: false);
        }).ToList();
    }

    /// <summary>Citizens (accounts open at each month's end) and active citizens per month; a month too small shows neither.</summary>
    public async Task<IReadOnlyList<ParticipationMonth>> ParticipationAsync(Actor reader, MonthRange period, CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        return (await MonthsAsync(period, ct)).Select(m => m.Shown
            ? new ParticipationMonth(m.Month, m.Citizens, m.Active, Suppressed: false)
            : new ParticipationMonth(m.Month, null, null, Suppressed: true)).ToList();
    }

    /// <summary>The city's monthly totals, public: the same suppression applies; coupons funded are no one's and always shown.</summary>
    public async Task<IReadOnlyList<OpenDataMonth>> OpenDataAsync(MonthRange period, CancellationToken ct = default)
    {
        var months = await MonthsAsync(period, ct);
        var grid = await MonthCategoryGridAsync(period, ct);
        var (start, end) = (period.StartUtc, period.EndUtc);
        var batches = await db.CouponBatches.AsNoTracking()
            .Where(b => (b.Status == BatchStatus.Listed || b.Status == BatchStatus.Delisted) && b.ReviewedAt >= start && b.ReviewedAt < end)
            .Select(b => new { b.ReviewedAt, b.FaceValueFen, b.Quantity }).ToListAsync(ct);
        var funded = batches.GroupBy(b => MonthRange.MonthOf(PlatformTime.ChinaDateOf(b.ReviewedAt!.Value)))
            .ToDictionary(g => g.Key, g => g.Sum(b => b.FaceValueFen * b.Quantity));
        return months.Select(m =>
        {
            var byCategory = Enum.GetValues<BehaviourCategory>().ToDictionary(k => k, k => m.Shown && !grid.Hidden.Contains((m.Month, k.ToString()))
                ? grid.Figures.GetValueOrDefault((m.Month, k.ToString()), Empty).Milligrams : (long?)null);
            return m.Shown
                ? new OpenDataMonth(m.Month, m.Citizens, m.Active, byCategory, funded.GetValueOrDefault(m.Month), m.CouponsUsed, Suppressed: false)
                : new OpenDataMonth(m.Month, null, null, byCategory, funded.GetValueOrDefault(m.Month), null, Suppressed: true);
        }).ToList();
    }

    /// <summary>
    /// The accounts open at the month's end, and those active in it that were opened later: history imported from an
    /// older system is dated before its account was opened here, and its citizens were citizens then.
    /// </summary>
    private async Task<long> CitizensOfAsync(DateOnly month, DateTime endUtc, CancellationToken ct)
    {
        var open = await db.CarbonAccounts.LongCountAsync(a => a.OpenedAt < endUtc && (a.ClosedAt == null || a.ClosedAt >= endUtc), ct);
        var activeBeforeOpening = await db.AccountMonthActivities.AsNoTracking().Where(x => x.Month == month)
            .Join(db.CarbonAccounts, x => x.AccountId, a => a.Id, (x, a) => new { x.AccountId, a.OpenedAt, a.ClosedAt })
            .Where(x => !(x.OpenedAt < endUtc && (x.ClosedAt == null || x.ClosedAt >= endUtc)))
            .Select(x => x.AccountId).Distinct().LongCountAsync(ct);
        return open + activeBeforeOpening;
    }

    private sealed record MonthTotals(DateOnly Month, long Citizens, long Active, long CouponsUsed, bool Shown);

    /// <summary>
    /// Each month's platform totals, shown under the rule the district table's total of that month obeys: its active
    /// citizens, and its open accounts, reach the minimum.
    /// </summary>
    private async Task<IReadOnlyList<MonthTotals>> MonthsAsync(MonthRange period, CancellationToken ct)
    {
        var (from, to) = period;
        var active = await Activity(period, null).GroupBy(a => a.Month)
            .Select(g => new { g.Key, Citizens = g.Select(a => a.AccountId).Distinct().Count() }).ToDictionaryAsync(g => g.Key, g => (long)g.Citizens, ct);
        var figures = await db.DistrictMonthReductions.AsNoTracking().Where(r => r.Month >= from && r.Month <= to)
            .GroupBy(r => r.Month).Select(g => new { g.Key, Used = g.Sum(r => r.CouponsUsed), Any = g.Sum(r => r.Entries + r.CouponsRedeemed) })
            .ToDictionaryAsync(g => g.Key, g => (g.Used, g.Any), ct);
        var totals = new List<MonthTotals>();
        foreach (var month in period.Months)
        {
            var end = PlatformTime.ChinaDateToUtc(month.AddMonths(1));
            var citizens = await CitizensOfAsync(month, end, ct);
            var (used, any) = figures.GetValueOrDefault(month);
            var citizensActive = active.GetValueOrDefault(month);
            var shown = SmallCellSuppression.IsShown(new SuppressionCell<DateOnly>(month,
                [new(citizensActive, any != 0), new(citizens, citizens > 0)]), Minimum);
            totals.Add(new MonthTotals(month, citizens, citizensActive, used, shown));
        }
        return totals;
    }
}
