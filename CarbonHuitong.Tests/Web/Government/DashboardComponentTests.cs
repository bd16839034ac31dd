using System.Globalization;
using Bunit;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Web.Components.Pages.Government;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CarbonHuitong.Tests.Web.Government;

/// <summary>The dashboard's table and ranking as a reader sees them: suppressed cells, "other" and the total.</summary>
public sealed class DashboardComponentTests : BunitContext
{
    private const string Yuzhong = "500103", Jiangbei = "500105", Yubei = "500112";

    private readonly (CultureInfo Culture, CultureInfo UiCulture) _before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    public DashboardComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
    }

    /// <summary>Yuzhong and Yubei shown, every other district and "not given" suppressed and folded into "other".</summary>
    private static DistrictTable City()
    {
        var rows = DistrictCatalogue.All.Select(d => d.Code switch
            {
                Yuzhong => new DistrictRow(Yuzhong, 12, 11, 1_440_000, 1_320, 3, 1, false),
                Yubei => new DistrictRow(Yubei, 1_234, 1_000, 2_500_123_456, 2_291_000, 400, 250, false),
                _ => new DistrictRow(d.Code, null, null, null, null, null, null, true),
            })
            .Append(new DistrictRow(null, null, null, null, null, null, null, true))
            .ToList();
        var other = new DistrictRow(null, 25, 20, 3_000_000, 2_750, 0, 0, false);
        var total = new DistrictRow(null, 1_271, 1_031, 2_504_563_456, 2_295_070, 403, 251, false);
        return new DistrictTable(rows, other, total, 10);
    }

    private IRenderedComponent<DistrictFiguresTable> RenderTable() =>
        Render<DistrictFiguresTable>(p => p.Add(c => c.Table, City()).Add(c => c.CsvHref, "government/districts.csv?from=2026-01&to=2026-12"));

    protected override void Dispose(bool disposing)
    {
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = _before;
        base.Dispose(disposing);
    }

    private static string[] Cells(AngleSharp.Dom.IElement row) => row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();

    [Fact]
    public void A_suppressed_district_shows_the_minimum_in_every_cell_and_no_figure()
    {
        var table = RenderTable();

        var jiangbei = table.FindAll("tbody tr").Single(tr => tr.QuerySelector($"td[data-code='{Jiangbei}']") is not null);
        Assert.Equal(["Jiangbei District", "<10", "<10", "<10", "<10", "<10", "<10"], Cells(jiangbei));
        Assert.Contains("district-suppressed", jiangbei.ClassList);
    }

    [Fact]
    public void Shown_districts_other_and_total_carry_exact_figures_in_one_unit()
    {
        var table = RenderTable();
        var rows = table.FindAll("tbody tr");

        Assert.Equal(DistrictCatalogue.All.Count + 3, rows.Count);
        // The largest figure passes a tonne, so every mass is in tonnes, exact to the gram.
        Assert.Contains("CO₂e reduced (t)", table.Find("thead").TextContent);
        Assert.Equal(["Yuzhong District", "12", "11", "0.00144", "13.20", "3", "1"], Cells(rows.Single(tr => tr.QuerySelector($"td[data-code='{Yuzhong}']") is not null)));
        Assert.Equal(["Yubei District", "1,234", "1,000", "2.500123", "22,910.00", "400", "250"], Cells(rows.Single(tr => tr.QuerySelector($"td[data-code='{Yubei}']") is not null)));
        Assert.Equal(["District not given", "<10", "<10", "<10", "<10", "<10", "<10"], Cells(rows[^3]));
        Assert.Equal(["Other (small districts together)", "25", "20", "0.003", "27.50", "0", "0"], Cells(rows[^2]));
        Assert.Equal(["Total", "1,271", "1,031", "2.504563", "22,950.70", "403", "251"], Cells(rows[^1]));
        Assert.Contains("district-total", rows[^1].ClassList);
        Assert.Equal("government/districts.csv?from=2026-01&to=2026-12", table.Find("[data-testid=districts-csv]").GetAttribute("href"));
    }

    [Fact]
    public void In_chinese_the_districts_and_the_total_read_in_chinese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");

        var rows = RenderTable().FindAll("tbody tr");

        Assert.Equal("渝中区", Cells(rows.Single(tr => tr.QuerySelector($"td[data-code='{Yuzhong}']") is not null))[0]);
        Assert.Equal("未填写区县", Cells(rows[^3])[0]);
        Assert.Equal("合计", Cells(rows[^1])[0]);
    }

    [Fact]
    public void The_ranking_shows_the_shown_districts_largest_first_and_counts_the_rest()
    {
        var ranking = Render<DistrictRanking>(p => p.Add(c => c.Table, City()));

        var items = ranking.FindAll("[data-testid=district-ranking] li");
        Assert.Equal(["Yubei District", "Yuzhong District"], items.Select(li => li.QuerySelector(".ranking-name")!.TextContent));
        Assert.Equal("2.500123 t", items[0].QuerySelector(".ranking-value")!.TextContent.Trim());
        Assert.Contains("width:100%", items[0].InnerHtml);
        Assert.Equal("36 districts with fewer than 10 citizens are not ranked.", ranking.Find("[data-testid=ranking-hidden]").TextContent.Trim());
    }

    [Fact]
    public void With_every_district_suppressed_the_ranking_and_the_table_say_so_in_kilograms()
    {
        var hidden = new DistrictRow(null, null, null, null, null, null, null, true);
        var empty = new DistrictTable([.. DistrictCatalogue.All.Select(d => hidden with { DistrictCode = d.Code }), hidden], hidden, hidden, 10);

        var ranking = Render<DistrictRanking>(p => p.Add(c => c.Table, empty));
        var table = Render<DistrictFiguresTable>(p => p.Add(c => c.Table, empty).Add(c => c.CsvHref, "government/districts.csv"));

        Assert.Empty(ranking.FindAll("[data-testid=district-ranking] li"));
        ranking.Find("[data-testid=ranking-empty]");
        Assert.Equal("38 districts with fewer than 10 citizens are not ranked.", ranking.Find("[data-testid=ranking-hidden]").TextContent.Trim());
        Assert.Contains("CO₂e reduced (kg)", table.Find("thead").TextContent);
        Assert.All(table.FindAll("tbody tr"), tr => Assert.All(Cells(tr).Skip(1), cell => Assert.Equal("<10", cell)));
    }
}
