using System.Globalization;
using Bunit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Audit;

namespace CarbonHuitong.Tests.Web;

/// <summary>The audit log reads as a list of the fields an action changed, not raw JSON, with each time on one line.</summary>
public sealed class AuditLogPageTests : PageTestContext
{
    [Fact]
    public void A_change_lists_only_the_fields_that_changed_as_before_and_after()
    {
        var list = Render<AuditChangeList>(p => p
            .Add(c => c.Before, """{"status":"Listed","stockLeft":100,"title":"2-yuan bus coupon"}""")
            .Add(c => c.After, """{"status":"Delisted","stockLeft":99,"title":"2-yuan bus coupon"}"""));

        var lines = list.FindAll("li").Select(li => Squeeze(li.TextContent)).ToList();
        Assert.Equal(["Status: On the shelf → changed to Delisted", "Stock left: 100 → changed to 99"], lines);
        Assert.Equal(["On the shelf", "100"], list.FindAll("del").Select(d => d.TextContent));
        Assert.Equal(["Delisted", "99"], list.FindAll("ins").Select(i => i.TextContent));
        Assert.DoesNotContain("{", list.Markup);
    }

    [Fact]
    public void A_creation_lists_every_field_it_set_with_lists_and_nulls_in_words()
    {
        var list = Render<AuditChangeList>(p => p
            .Add(c => c.Before, null)
            .Add(c => c.After, """{"quantity":100,"validUntil":null,"roles":["Citizen","ProjectOwner"]}"""));

        Assert.Equal(["Quantity: 100", "Valid until: —", "Roles: Citizen, ProjectOwner"], list.FindAll("li").Select(li => Squeeze(li.TextContent)));
        Assert.Empty(list.FindAll("del"));
    }

    [Fact]
    public void In_chinese_the_fields_and_statuses_an_admin_knows_are_in_chinese()
    {
        var culture = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var list = Render<AuditChangeList>(p => p
                .Add(c => c.Before, """{"status":"Listed","stockLeft":100}""")
                .Add(c => c.After, """{"status":"Delisted","stockLeft":100}"""));

            Assert.Equal("状态: 已上架 → 改为 已下架", Squeeze(Assert.Single(list.FindAll("li")).TextContent));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = culture;
        }
    }

    [Fact]
    public async Task The_page_shows_a_relisting_as_its_changed_status_with_the_time_on_one_line_and_no_json()
    {
        var projectId = await new ProjectBuilder().BuildAsync(Database, Clock);
        var itemId = await Database.PutOnShelfAsync(Clock, projectId, Batches.TwoYuanCoupons(100));
        await Database.AsRequestAsync(Clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId));
        await Database.AsRequestAsync(Clock, s => s.Batches.RelistAsync(Actors.MallAdmin, itemId));
        SignIn(Actors.MallAdmin);

        var page = Render<AuditLogPage>();

        page.WaitForAssertion(() => Assert.Contains("item.relist", page.Find("[data-testid=audit]").TextContent));
        var relisted = page.FindAll("tr").First(row => row.TextContent.Contains("item.relist"));
        Assert.Equal("Status: Delisted → changed to On the shelf", Squeeze(Assert.Single(relisted.QuerySelectorAll("li")).TextContent));
        Assert.Contains("nowrap", relisted.QuerySelector("td")!.ClassName);
        Assert.DoesNotContain("\"status\"", page.Find("[data-testid=audit]").InnerHtml);
    }

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
