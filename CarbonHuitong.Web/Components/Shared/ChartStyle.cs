using MudBlazor;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// What every chart shares: the brand's palette (one colour per category of the national guideline, in its order, each
/// with AA contrast on white), a handful of round ticks, a legend and tooltips that say the unit.
/// </summary>
public static class ChartStyle
{
    public static readonly string[] Palette = ["#146c3f", "#0f5f80", "#8a4b00", "#6a3d9a", "#b3261e", "#00695c", "#455a64"];

    /// <summary>A unit a person reads for masses up to <paramref name="highestGrams"/>: kilograms, or grams while all are under one.</summary>
    public static (string Symbol, decimal GramsPerUnit) MassUnitFor(decimal highestGrams) => highestGrams >= 1000m ? ("kg", 1000m) : ("g", 1m);

    public static BarChartOptions Bars(double highest, string unit, int labelRotation = 0) => new()
    {
        ChartPalette = Palette, YAxisTicks = TickFor(highest), MaxNumYAxisTicks = 6, YAxisFormat = "#,0.##", ShowToolTips = true, ShowLegend = true,
        XAxisLabelRotation = labelRotation, TooltipTitleFormat = "{{Y_VALUE}} " + unit + " · {{X_VALUE}}",
    };

    public static StackedBarChartOptions StackedBars(double highest, string unit, int labelRotation = 0) => new()
    {
        ChartPalette = Palette, YAxisTicks = TickFor(highest), MaxNumYAxisTicks = 6, YAxisFormat = "#,0.##", ShowToolTips = true, ShowLegend = true,
        XAxisLabelRotation = labelRotation, TooltipTitleFormat = "{{Y_VALUE}} " + unit + " · {{X_VALUE}}",
    };

    public static LineChartOptions Lines(double highest, int labelRotation = 0) => new()
    {
        ChartPalette = Palette, YAxisTicks = TickFor(highest), MaxNumYAxisTicks = 6, YAxisFormat = "#,0", ShowToolTips = true, ShowLegend = true,
        XAxisLabelRotation = labelRotation,
    };

    /// <summary>About five gridlines at a round step (1, 2, 5, 10, 20, 50, …), whatever the figures' size.</summary>
    public static int TickFor(double highest)
    {
        for (var step = 1L; ; step *= 10)
            foreach (var multiple in new[] { 1, 2, 5 })
                if (highest <= step * multiple * 5 || step * multiple >= int.MaxValue / 10) return (int)(step * multiple);
    }
}
