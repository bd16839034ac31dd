using System.Globalization;
using CarbonHuitong.Web.Components.Shared;
using MudBlazor;

namespace CarbonHuitong.Web.Components.Pages.Government;

/// <summary>
/// What the statistics' charts share. They are drawn at their real size (<c>MatchBoundsToSize</c>), so their text keeps
/// its size on a phone instead of shrinking with the picture; twelve months then fit under a phone's axis only as
/// short, slanted labels.
/// </summary>
public static class StatisticsCharts
{
    public static StackedBarChartOptions Bars(double highest, string unit) => ChartStyle.StackedBars(highest, unit, labelRotation: 45);

    public static LineChartOptions Lines(double highest) => ChartStyle.Lines(highest, labelRotation: 45);

    public static int TickFor(double highest) => ChartStyle.TickFor(highest);

    /// <summary>"Feb" or "2月" for each month; the first and each January also say the year: "Jan 2026", "2026年1月".</summary>
    public static string[] MonthLabels(IReadOnlyList<DateOnly> months) =>
        months.Select((month, i) => i == 0 || month.Month == 1 ? LedgerText.Month(month)
            : month.ToString(Localization.IsChinese ? "M月" : "MMM", CultureInfo.CurrentCulture)).ToArray();
}
