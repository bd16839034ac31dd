using CarbonHuitong.Core.Government;

namespace CarbonHuitong.Tests.Government;

public sealed class SmallCellSuppressionTests
{
    private static SuppressionCell<string> Cell(string key, long citizens, params CellSlice[] months) =>
        new(key, [new(citizens, citizens > 0), .. months]);

    [Fact]
    public void A_cell_under_the_minimum_is_suppressed_with_the_next_smallest_when_alone_it_would_show_through_other()
    {
        var cells = new[] { Cell("a", 50), Cell("b", 12), Cell("c", 3), Cell("d", 30) };

        var suppressed = SmallCellSuppression.Suppress(cells, 10, CellOverlap.Disjoint);

        Assert.Equal(["b", "c"], suppressed.Order());
    }

    [Fact]
    public void Small_cells_that_together_reach_the_minimum_hide_no_other_cell()
    {
        var cells = new[] { Cell("a", 50), Cell("b", 12), Cell("c", 6), Cell("d", 5) };

        Assert.Equal(["c", "d"], SmallCellSuppression.Suppress(cells, 10, CellOverlap.Disjoint).Order());
    }

    [Fact]
    public void Overlapping_cells_count_only_their_largest_so_a_cell_over_the_minimum_goes_with_them()
    {
        // A citizen may be in both c and d: together they may be only 6.
        var cells = new[] { Cell("a", 50), Cell("b", 12), Cell("c", 6), Cell("d", 5) };

        Assert.Equal(["b", "c", "d"], SmallCellSuppression.Suppress(cells, 10, CellOverlap.Overlapping).Order());
    }

    [Fact]
    public void A_month_with_figures_from_too_few_citizens_hides_the_cell_however_many_the_period_has()
    {
        var cells = new[] { Cell("a", 40, new(40, true), new(3, true)), Cell("b", 40, new(40, true), new(0, false)), Cell("c", 40, new(30, true), new(20, true)) };

        var suppressed = SmallCellSuppression.Suppress(cells, 10, CellOverlap.Disjoint);

        // a alone would be its own "other"; b, the next-smallest, adds nothing to the second month, so c goes too.
        Assert.Equal(["a", "b", "c"], suppressed.Order());
        Assert.True(SmallCellSuppression.IsSafe(SmallCellSuppression.Together(cells.Where(c => suppressed.Contains(c.Key)), CellOverlap.Disjoint), 10));
    }

    [Fact]
    public void Empty_cells_are_shown_as_under_the_minimum_but_hide_nothing_else()
    {
        var cells = new[] { Cell("a", 50), Cell("b", 12), Cell("empty", 0) };

        Assert.Equal(["empty"], SmallCellSuppression.Suppress(cells, 10, CellOverlap.Disjoint).Order());
    }

    [Fact]
    public void When_every_cell_is_too_small_all_are_suppressed()
    {
        var cells = new[] { Cell("a", 3), Cell("b", 4) };

        Assert.Equal(["a", "b"], SmallCellSuppression.Suppress(cells, 10, CellOverlap.Disjoint).Order());
        Assert.False(SmallCellSuppression.IsSafe(SmallCellSuppression.Together(cells, CellOverlap.Disjoint), 10));
    }
}
