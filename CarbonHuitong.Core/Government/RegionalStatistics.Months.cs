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
        return ReductionsByMonthOf(await SnapshotAsync(period, ct), category);
    }

    private IReadOnlyList<CategoryMonth> ReductionsByMonthOf(Snapshot snapshot, BehaviourCategory? category)
    {
        var period = snapshot.Period;
        var grid = MonthCategoryGridOf(snapshot);
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

    /// <summary>The figures per month and category: the earn rows (coupon purchases have no category).</summary>
    private MonthCategoryGrid MonthCategoryGridOf(Snapshot snapshot)
    {
        var period = snapshot.Period;
        var figures = snapshot.Figures.Where(f => f.Category.Length > 0).GroupBy(f => (f.Month, f.Category))
            .ToDictionary(g => g.Key, g => new CategoryFigures(g.Sum(f => f.Milligrams), g.Sum(f => f.CreditHundredths), g.Sum(f => f.Entries)));
        var citizens = period.Months.SelectMany(m => Enum.GetNames<BehaviourCategory>().Select(k => (m, k)))
            .ToDictionary(x => x, x => snapshot.Active.In(ActivityScope.Category(x.k), x.m));
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
        var snapshot = await SnapshotAsync(period, ct);
        var figures = snapshot.Figures.Where(f => f.BehaviourCode.Length > 0).GroupBy(f => (f.Month, f.BehaviourCode))
            .Select(g => new { g.Key.Month, g.Key.BehaviourCode, g.First().Category, Milligrams = g.Sum(f => f.Milligrams), Credits = g.Sum(f => f.CreditHundredths),
                Entries = g.Sum(f => f.Entries) })
            .ToList();
        var active = snapshot.Active;
        var grid = MonthCategoryGridOf(snapshot);

        var behaviours = figures.GroupBy(f => f.BehaviourCode).Select(g => (Code: g.Key, g.First().Category)).OrderBy(b => b.Category, StringComparer.Ordinal)
            .ThenBy(b => b.Code, StringComparer.Ordinal).ToList();
        var cells = behaviours.ToDictionary(b => b.Code, b => new SuppressionCell<string>(b.Code,
        [
            new(active.Over(ActivityScope.Behaviour(b.Code)), true),
            .. period.Months.Select(m => new CellSlice(active.In(ActivityScope.Behaviour(b.Code), m), figures.Any(f => f.Month == m && f.BehaviourCode == b.Code && f.Entries != 0))),
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
                active.Over(ActivityScope.Behaviour(b.Code)), Suppressed: false);
        }).ToList();
    }

    /// <summary>Citizens (accounts open at each month's end) and active citizens per month; a month too small shows neither.</summary>
    public async Task<IReadOnlyList<ParticipationMonth>> ParticipationAsync(Actor reader, MonthRange period, CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        return ParticipationOf(await SnapshotAsync(period, ct));
    }

    private IReadOnlyList<ParticipationMonth> ParticipationOf(Snapshot snapshot)
    {
        return MonthsOf(snapshot).Select(m => m.Shown
            ? new ParticipationMonth(m.Month, m.Citizens, m.Active, Suppressed: false)
            : new ParticipationMonth(m.Month, null, null, Suppressed: true)).ToList();
    }

    /// <summary>The city's monthly totals, public: the same suppression applies; coupons funded are no one's and always shown.</summary>
    public async Task<IReadOnlyList<OpenDataMonth>> OpenDataAsync(MonthRange period, CancellationToken ct = default)
    {
        var snapshot = await SnapshotAsync(period, ct);
        var months = MonthsOf(snapshot);
        var grid = MonthCategoryGridOf(snapshot);
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

    private sealed record MonthTotals(DateOnly Month, long Citizens, long Active, long CouponsUsed, bool Shown);

    /// <summary>
    /// Each month's platform totals, shown under the rule the district table's total of that month obeys: its active
    /// citizens, and its citizens, reach the minimum. A month's citizens are the accounts registered at its end and the
    /// active ones that were not (history imported from an older system is dated before its account was opened here, and
    /// its citizens were citizens then).
    /// </summary>
    private IReadOnlyList<MonthTotals> MonthsOf(Snapshot snapshot)
    {
        var figures = snapshot.Figures.GroupBy(f => f.Month)
            .ToDictionary(g => g.Key, g => (Used: g.Sum(f => f.CouponsUsed), Any: g.Sum(f => f.Entries + f.CouponsRedeemed)));
        return snapshot.Period.Months.Select(month =>
        {
            var citizens = snapshot.Registered.AtEndOf(month) + snapshot.Active.In(ActivityScope.Unregistered, month);
            var (used, any) = figures.GetValueOrDefault(month);
            var citizensActive = snapshot.Active.In(ActivityScope.Platform, month);
            var shown = SmallCellSuppression.IsShown(new SuppressionCell<DateOnly>(month,
                [new(citizensActive, any != 0), new(citizens, citizens > 0)]), Minimum);
            return new MonthTotals(month, citizens, citizensActive, used, shown);
        }).ToList();
    }
}
