using System.Globalization;
using Bunit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Behaviours;
using Published = CarbonHuitong.Core.Behaviours.Methodology;
using MethodologyPage = CarbonHuitong.Web.Components.Pages.Behaviours.Methodology;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace CarbonHuitong.Tests.Web;

/// <summary>The published caps and same-act windows, who reports what, and the administrators' form that sets them.</summary>
public sealed class MethodologyRulesPageTests : PageTestContext
{
    [Fact]
    public async Task The_methodology_lists_each_behaviours_cap_same_act_window_and_reporters()
    {
        await RegisterAsync("yukuaiban", "渝快办", "Yukuaiban", Published.BusRide, Published.Walking);

        var page = Render<MethodologyPage>();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=behaviour-rules] tbody tr").Count));
        var bus = Row(page, "Bus ride");
        Assert.Equal("No cap", bus.QuerySelector("[data-testid=daily-cap]")!.TextContent.Trim());
        Assert.Equal("Reports from two sources within 3 minutes are one trip, counted once.", bus.QuerySelector("[data-testid=same-act]")!.TextContent.Trim());
        Assert.Equal("Chongqing bus validator, Yukuaiban", bus.QuerySelector("[data-testid=reported-by]")!.TextContent.Trim());
        var walking = Row(page, "Walking");
        Assert.Equal("at most 296 g a day", walking.QuerySelector("[data-testid=daily-cap]")!.TextContent.Trim());
        Assert.Equal("Every report counts", walking.QuerySelector("[data-testid=same-act]")!.TextContent.Trim());
        Assert.Equal("No partner yet", Row(page, "Electronic waybill").QuerySelector("[data-testid=reported-by]")!.TextContent.Trim());
    }

    [Fact]
    public async Task In_chinese_the_rules_read_in_chinese()
    {
        await RegisterAsync("yukuaiban", "渝快办", "Yukuaiban", Published.BusRide);
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var page = Render<MethodologyPage>();

            page.WaitForAssertion(() => Assert.Equal(6, page.FindAll("[data-testid=behaviour-rules] tbody tr").Count));
            var bus = Row(page, "乘坐公交");
            Assert.Equal("两个来源在 3 分钟 内的报告视为同一次出行，只计一次。", bus.QuerySelector("[data-testid=same-act]")!.TextContent.Trim());
            Assert.Equal("重庆公交验票机、渝快办", bus.QuerySelector("[data-testid=reported-by]")!.TextContent.Trim());
            Assert.Equal("每天最多 296 g", Row(page, "步行").QuerySelector("[data-testid=daily-cap]")!.TextContent.Trim());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [Fact]
    public async Task An_administrator_sets_a_cap_and_a_window_and_the_change_is_audited()
    {
        SignIn(Actors.MallAdmin);
        var page = Render<MethodologyAdmin>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rules-save]")));
        var form = page.FindComponent<BehaviourRulesForm>();
        await form.InvokeAsync(() => form.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(Published.Walking));

        Assert.Equal("296", form.Find("input[data-testid=rules-cap], [data-testid=rules-cap] input").GetAttribute("value"));
        form.Find("input[data-testid=rules-cap], [data-testid=rules-cap] input").Change("250");
        form.Find("input[data-testid=rules-window], [data-testid=rules-window] input").Change("10");
        form.Find("[data-testid=rules-save]").Click();

        form.WaitForAssertion(() => Assert.Equal("The rules are saved.", form.Find("[data-testid=rules-saved]").TextContent.Trim()));
        await using var db = Database.CreateContext();
        var walking = await db.GreenBehaviours.SingleAsync(b => b.Code == Published.Walking);
        Assert.Equal(250_000, walking.DailyCapMilligrams);
        Assert.Equal(600, walking.DuplicateWindowSeconds);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "methodology.rules" && a.EntityId == Published.Walking));
    }

    [Fact]
    public async Task A_refused_rule_reads_as_a_message_and_changes_nothing()
    {
        SignIn(Actors.MallAdmin);
        var page = Render<MethodologyAdmin>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rules-save]")));
        var form = page.FindComponent<BehaviourRulesForm>();
        await form.InvokeAsync(() => form.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(Published.Walking));

        form.Find("input[data-testid=rules-cap], [data-testid=rules-cap] input").Change("12.3456");
        form.Find("[data-testid=rules-save]").Click();

        form.WaitForAssertion(() => Assert.Contains("at most three decimals", form.Find("[data-testid=rules-error]").TextContent));
        await using var db = Database.CreateContext();
        Assert.Equal(296_000, (await db.GreenBehaviours.SingleAsync(b => b.Code == Published.Walking)).DailyCapMilligrams);
    }

    private static AngleSharp.Dom.IElement Row<T>(IRenderedComponent<T> page, string behaviour) where T : Microsoft.AspNetCore.Components.IComponent =>
        page.FindAll("[data-testid=behaviour-rules] tbody tr").Single(r => r.QuerySelector("td")!.TextContent.Trim() == behaviour);

    private async Task RegisterAsync(string code, string nameZh, string nameEn, params string[] behaviours)
    {
        await using var db = Database.CreateContext();
        await PartnerSetup.Admin(db, Clock).RegisterAsync(Actors.MallAdmin, new PartnerDraft(code, nameZh, nameEn, behaviours));
    }
}
