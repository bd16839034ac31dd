using System.Globalization;
using Bunit;
using CarbonHuitong.Tests.Government;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Government;

namespace CarbonHuitong.Tests.Web;

/// <summary>The closed-loop page over the seeds' loop and over the hand-computed world, in English and in Chinese.</summary>
public sealed class ClosedLoopPageTests : PageTestContext
{
    [Fact]
    public async Task The_page_shows_the_press_releases_figures_and_the_ratio_it_left_out()
    {
        await SeedsLoopAsync();
        SignIn(ClosedLoopWorld.Regulator);

        var page = Render<ClosedLoopPage>();

        page.WaitForAssertion(() => Assert.Equal("166,000", page.Find("[data-testid=tonnes-sold]").TextContent.Trim()));
        Assert.Equal("¥1,000,000.00", page.Find("[data-testid=revenue]").TextContent.Trim());
        Assert.Equal("¥6.02", page.Find("[data-testid=average-price]").TextContent.Trim());
        Assert.Equal("500,000", page.Find("[data-testid=coupons-funded]").TextContent.Trim());
        Assert.Equal("¥916.67", page.Find("[data-testid=coupon-value-per-tonne]").TextContent.Trim());
        Assert.Equal("0.006572 t/t", page.Find("[data-testid=tonnes-per-tonne]").TextContent.Trim());
        Assert.Equal("166,000 t sold for ¥1,000,000.00 (¥6.02 a tonne), turned into 500,000 coupons worth ¥2.00 each.",
            page.Find("[data-testid=closed-loop-sentence]").TextContent.Trim());
        Assert.Contains("¥916.67 per tonne of their own reductions, against ¥6.02 a tonne", page.Find("[data-testid=closed-loop-ratio]").TextContent);
        Assert.Contains("1,090.91 t of citizens' reductions (2.18 kg so far)", page.Find("[data-testid=closed-loop-ratio]").TextContent);
        Assert.Contains("120 g per 1.10 credits", page.Find("[data-testid=definition-rewarded]").TextContent);
        Assert.Contains("500,000 → 1 (0.0002 %) → 0 (0 %)", System.Text.RegularExpressions.Regex.Replace(page.Find("[data-testid=funnel-steps]").TextContent, @"\s+", " "));
        page.Find("[data-testid=closed-loop-funnel]");
    }

    [Fact]
    public async Task The_table_shows_each_project_then_its_batches_and_an_owner_only_their_own()
    {
        var world = await ClosedLoopWorld.BuildAsync(Database, Clock);
        SignIn(Actors.TransportOwner);

        var page = Render<ClosedLoopPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=closed-loop-table] tbody tr").Count));
        var rows = page.FindAll("[data-testid=closed-loop-table] tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(["Bus fleet", "All batches", "¥40.00", "14", "4", "2", "2", "0.240"], Pick(rows[0], 0, 2, 9, 10, 11, 12, 13, 14));
        Assert.Equal([$"#{world.BatchA1} · On the shelf", "¥2.00", "20.00", "10", "3", "1", "2", "¥916.67"], Pick(rows[1], 2, 3, 4, 10, 11, 12, 13, 17));
        Assert.Equal(["", "", ""], Pick(rows[2], 5, 8, 19));
        Assert.Equal("0.000000237", rows[0][19]);
        Assert.DoesNotContain("Wind farm", page.Markup);
    }

    [Fact]
    public void An_owner_without_an_organization_is_refused_in_the_readers_language()
    {
        SignIn(Actors.OwnerWithoutOrganization);
        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

            var page = Render<ClosedLoopPage>();

            page.WaitForAssertion(() => page.Find("[data-testid=closed-loop-refused]"));
            Assert.Empty(page.FindAll("[data-testid=closed-loop-table]"));
            Assert.Equal("闭环", page.Find("h1").TextContent.Trim());
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static List<string> Pick(List<string> cells, params int[] columns) => columns.Select(c => cells[c]).ToList();

    private async Task SeedsLoopAsync()
    {
        var project = await ClosedLoopWorld.ProjectAsync(Database, Clock, Actors.TransportOwner, "Urban public transport", 166_000,
            (126_000, new Core.Mall.Fen(6_00)), (40_000, new Core.Mall.Fen(6_10)));
        var (_, item) = await ClosedLoopWorld.ListedBatchAsync(Database, Clock, Actors.TransportOwner, project, ClosedLoopWorld.Draft(2_00, 500_000, 20m, 30));
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(Database, Clock);
        await Mall.Redemptions.RedeemAsync(Database, Clock, citizen.AccountId, item, "first");
    }
}
