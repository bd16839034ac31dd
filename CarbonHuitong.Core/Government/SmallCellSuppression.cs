namespace CarbonHuitong.Core.Government;

/// <summary>How the citizens of several cells add up: disjoint cells (each citizen in one) are summed; cells a citizen may
/// share (a bus rider who also walks) count at least as many as the largest of them, and no more is assumed.</summary>
public enum CellOverlap
{
    Disjoint,
    Overlapping,
}

/// <summary>The citizens behind one part of a cell's figures, and whether that part has any figure at all.</summary>
public readonly record struct CellSlice(long Citizens, bool HasFigures);

/// <summary>
/// A cell of a table as suppression sees it. The first slice is the cell over the whole period: a cell is shown only
/// when it reaches the minimum. Each slice (the others: one per month, and any other count shown) must reach it whenever
/// it holds a figure, since what differs between two overlapping periods is a month alone.
/// </summary>
public sealed record SuppressionCell<TKey>(TKey Key, IReadOnlyList<CellSlice> Slices)
{
    public long Citizens => Slices[0].Citizens;
}

/// <summary>
/// Small-cell suppression: a cell whose citizens (in any slice with figures) are fewer than the minimum shows no figure,
/// and its figures are folded into "other". If the suppressed cells together would still show a slice from fewer
/// citizens than the minimum, the next-smallest visible cell is suppressed too, and so on, so that no suppressed cell can
/// be had by subtracting the visible ones from the total.
/// </summary>
public static class SmallCellSuppression
{
    /// <summary>Whether figures built on these slices single nobody out: each slice with figures has the minimum of citizens.</summary>
    public static bool IsSafe(IReadOnlyList<CellSlice> slices, int minimum) => slices.All(s => !s.HasFigures || s.Citizens >= minimum);

    /// <summary>A cell is shown when it reaches the minimum over the period and each of its slices is safe.</summary>
    public static bool IsShown<TKey>(SuppressionCell<TKey> cell, int minimum) => cell.Citizens >= minimum && IsSafe(cell.Slices, minimum);

    /// <returns>The keys of the cells to suppress (<paramref name="alreadySuppressed"/> among them).</returns>
    public static IReadOnlySet<TKey> Suppress<TKey>(IReadOnlyList<SuppressionCell<TKey>> cells, int minimum, CellOverlap overlap,
        IEnumerable<TKey>? alreadySuppressed = null) where TKey : notnull
    {
        var forced = alreadySuppressed?.ToHashSet() ?? [];
        var suppressed = cells.Where(c => forced.Contains(c.Key) || !IsShown(c, minimum)).Select(c => c.Key).ToHashSet();
        while (suppressed.Count > 0 && !IsSafe(Together(cells.Where(c => suppressed.Contains(c.Key)), overlap), minimum))
        {
            var next = cells.Where(c => !suppressed.Contains(c.Key)).OrderBy(c => c.Citizens).FirstOrDefault();
            if (next is null) break;
            suppressed.Add(next.Key);
        }
        return suppressed;
    }

    /// <summary>The slices of several cells taken together: summed when disjoint, the largest when they may overlap.</summary>
    public static IReadOnlyList<CellSlice> Together<TKey>(IEnumerable<SuppressionCell<TKey>> cells, CellOverlap overlap)
    {
        CellSlice[]? together = null;
        foreach (var cell in cells)
        {
            together ??= new CellSlice[cell.Slices.Count];
            for (var i = 0; i < together.Length; i++)
            {
                var slice = cell.Slices[i];
                together[i] = new CellSlice(
                    overlap == CellOverlap.Disjoint ? together[i].Citizens + slice.Citizens : Math.Max(together[i].Citizens, slice.Citizens),
                    together[i].HasFigures || slice.HasFigures);
            }
        }
        return together ?? [];
    }

    /// <summary>
    /// A table protected along both its rows and its columns (months by category): each row and each column is a
    /// partition of a total shown elsewhere, so each gets the rule above, again until neither suppresses any more.
    /// </summary>
    public static IReadOnlySet<(TRow Row, TColumn Column)> SuppressGrid<TRow, TColumn>(IReadOnlyList<SuppressionCell<(TRow Row, TColumn Column)>> cells,
        int minimum, CellOverlap rows, CellOverlap columns) where TRow : notnull where TColumn : notnull
    {
        var suppressed = new HashSet<(TRow, TColumn)>();
        for (var changed = true; changed;)
        {
            var before = suppressed.Count;
            foreach (var row in cells.GroupBy(c => c.Key.Row))
                suppressed.UnionWith(Suppress(row.ToList(), minimum, rows, row.Where(c => suppressed.Contains(c.Key)).Select(c => c.Key)));
            foreach (var column in cells.GroupBy(c => c.Key.Column))
                suppressed.UnionWith(Suppress(column.ToList(), minimum, columns, column.Where(c => suppressed.Contains(c.Key)).Select(c => c.Key)));
            changed = suppressed.Count != before;
        }
        return suppressed;
    }
}
