using System.Security.Claims;
using Bunit;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Funding;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Web;

/// <summary>The project owner's pages, signed in as the transport group's owner, against a real SQLite file.</summary>
public sealed class ProjectPagesTests : PageTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        SignIn(Actors.TransportOwner);
    }

    [Fact]
    public async Task The_batch_form_names_each_missing_or_bad_field_and_writes_nothing()
    {
        var projectId = await new ProjectBuilder().BuildAsync(Database, Clock);
        var before = await DatabaseSnapshot.TakeAsync(Database);
        var form = RenderBatchForm(projectId, ProjectBuilder.SeedRevenue);

        Type(form, "batch-face-value", "2");
        Type(form, "batch-price", "20.005");
        form.Find("[data-testid=batch-form]").Submit();

        form.WaitForAssertion(() => Assert.Contains("Enter how many coupons the batch holds.", form.Markup));
        Assert.Contains("Credits have at most 2 decimals.", form.Markup);
        Assert.Contains("Say how long a coupon is valid", form.Markup);

        Type(form, "batch-quantity", "0");
        form.Find("[data-testid=batch-form]").Submit();

        form.WaitForAssertion(() => Assert.Contains("A batch holds from 1 to 10,000,000 coupons.", form.Markup));
        Assert.Empty(form.FindAll("[data-testid=batch-error]"));
        var after = await DatabaseSnapshot.TakeAsync(Database);
        Assert.Equal(before.Tables, after.Tables);
    }

    [Fact]
    public async Task A_batch_worth_more_than_the_unallocated_revenue_is_refused_with_the_reason_and_writes_nothing()
    {
        var projectId = await new ProjectBuilder().BuildAsync(Database, Clock);
        await Database.FundAsync(Clock, projectId, Batches.TwoYuanCoupons(quantity: 1_000));
        var unallocated = ProjectBuilder.SeedRevenue - new Fen(2_000_00);
        var before = await DatabaseSnapshot.TakeAsync(Database);
        var form = RenderBatchForm(projectId, unallocated);

        Type(form, "batch-face-value", "10000");
        Type(form, "batch-quantity", "100");
        Type(form, "batch-price", "20");
        Type(form, "batch-valid-days", "30");

        Assert.Contains("¥1,000,000.00 of ¥998,000.00 unallocated", form.Find("[data-testid=batch-total]").TextContent);
        form.Find("[data-testid=batch-form]").Submit();

        form.WaitForAssertion(() => Assert.Contains("only ¥998,000.00 of the project's revenue is not yet allocated",
            form.Find("[data-testid=batch-error]").TextContent));
        var after = await DatabaseSnapshot.TakeAsync(Database);
        Assert.Equal(before.Tables, after.Tables);
    }

    [Fact]
    public async Task A_valid_batch_is_written_as_a_draft_and_can_be_submitted_to_the_mall()
    {
        var projectId = await new ProjectBuilder().BuildAsync(Database, Clock);
        var page = Render<ProjectPage>(p => p.Add(c => c.Id, projectId));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=batch-form]")));

        Type(page, "batch-face-value", "2");
        Type(page, "batch-quantity", "500");
        Type(page, "batch-price", "20.5");
        Type(page, "batch-valid-days", "30");
        Type(page, "batch-monthly-limit", "4");
        page.Find("[data-testid=batch-form]").Submit();

        page.WaitForAssertion(() => Assert.Contains("Draft", page.Find("[data-testid=batch-status]").TextContent));
        Assert.Equal("¥1,000.00", page.Find("[data-testid=total-allocated]").TextContent);
        await using (var db = Database.CreateContext())
        {
            var batch = await db.CouponBatches.AsNoTracking().SingleAsync(b => b.ProjectId == projectId);
            Assert.Equal((BatchStatus.Draft, 2_00L, 500, 20_50L, 30, (DateTime?)null, 4),
                (batch.Status, batch.FaceValueFen, batch.Quantity, batch.PriceHundredths, batch.ValidDays, batch.ValidUntil, batch.MonthlyLimitPerCitizen));
        }

        page.Find("[data-testid=submit-batch]").Click();

        page.WaitForAssertion(() => Assert.Contains("Awaiting review", page.Find("[data-testid=batch-status]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=submit-batch]"));
    }

    [Fact]
    public async Task A_batch_valid_through_31_December_is_kept_to_the_end_of_that_day_and_shown_as_31_December()
    {
        var projectId = await new ProjectBuilder().BuildAsync(Database, Clock);
        var input = new BatchInput { FaceValueYuan = 2m, Quantity = 100, PriceCredits = 20m, ValidThrough = new DateTime(2026, 12, 31) };
        await Database.FundAsync(Clock, projectId, input.ToDraft());

        var page = Render<ProjectPage>(p => p.Add(c => c.Id, projectId));

        page.WaitForAssertion(() => Assert.Contains("valid through 2026-12-31", page.Find("[data-testid=batch-table]").TextContent));
        Assert.DoesNotContain("2027-01-01", page.Find("[data-testid=batch-table]").TextContent);
        await using var db = Database.CreateContext();
        Assert.Equal(ChinaTime.Utc(2027, 1, 1), (await db.CouponBatches.AsNoTracking().SingleAsync(b => b.ProjectId == projectId)).ValidUntil);
    }

    [Fact]
    public async Task A_sale_adds_its_revenue_and_lowers_the_unsold_tonnes_and_an_oversale_is_refused_with_the_reason()
    {
        var projectId = await new ProjectBuilder().Unsold().BuildAsync(Database, Clock);
        var page = Render<ProjectPage>(p => p.Add(c => c.Id, projectId));
        page.WaitForAssertion(() => Assert.Contains("166,000 t issued and not yet sold", page.Find("[data-testid=unsold-tonnes]").TextContent));

        Type(page, "sale-tonnes", "1000");
        Type(page, "sale-price", "6.5");
        Type(page, "sale-buyer", "Chongqing Carbon Exchange");
        page.Find("[data-testid=sale-form]").Submit();

        page.WaitForAssertion(() => Assert.Equal("¥6,500.00", page.Find("[data-testid=total-revenue]").TextContent));
        Assert.Contains("165,000 t issued and not yet sold", page.Find("[data-testid=unsold-tonnes]").TextContent);
        Assert.Contains("Chongqing Carbon Exchange", page.Find("[data-testid=sale-table]").TextContent);

        var before = await DatabaseSnapshot.TakeAsync(Database);
        Type(page, "sale-tonnes", "165001");
        Type(page, "sale-price", "6.5");
        Type(page, "sale-buyer", "Greedy buyer");
        page.Find("[data-testid=sale-form]").Submit();

        page.WaitForAssertion(() => Assert.Contains("Only 165,000 t are issued and unsold", page.Find("[data-testid=sale-error]").TextContent));
        Assert.Equal(before.Tables, (await DatabaseSnapshot.TakeAsync(Database)).Tables);
    }

    [Fact]
    public async Task The_project_list_shows_only_the_owners_organization_with_its_totals()
    {
        var ownId = await new ProjectBuilder().BuildAsync(Database, Clock);
        await Database.FundAsync(Clock, ownId, Batches.TwoYuanCoupons(quantity: 1_000));
        await new ProjectBuilder().OwnedBy(Actors.OtherOwner).Named("Another org's wind farm").Sold((1_000, new Fen(9_99))).BuildAsync(Database, Clock);

        var page = Render<OrganizationProjects>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=project-row]")));
        Assert.Equal(ownId.ToString(), page.Find("[data-testid=project-row]").GetAttribute("data-project-id"));
        Assert.Equal("166,000 t", page.Find("[data-testid=tonnes-issued]").TextContent);
        Assert.Equal("166,000 t", page.Find("[data-testid=tonnes-sold]").TextContent);
        Assert.Equal("¥1,000,000.00", page.Find("[data-testid=revenue]").TextContent);
        Assert.Equal("¥2,000.00", page.Find("[data-testid=allocated]").TextContent);
        Assert.Equal("¥998,000.00", page.Find("[data-testid=unallocated]").TextContent);
        Assert.DoesNotContain("Another org", page.Markup);
        Assert.DoesNotContain("¥9,990.00", page.Markup);
    }

    [Fact]
    public async Task Another_organizations_project_is_not_found_and_none_of_its_data_shows()
    {
        var theirs = await new ProjectBuilder().OwnedBy(Actors.OtherOwner).Named("Another org's wind farm").BuildAsync(Database, Clock);
        await Database.FundAsync(Clock, theirs, Batches.TwoYuanCoupons(quantity: 1_000), Actors.OtherOwner);

        var page = Render<ProjectPage>(p => p.Add(c => c.Id, theirs));

        page.WaitForAssertion(() => Assert.Contains("There is no such project in your organization.",
            page.Find("[data-testid=project-not-found]").TextContent));
        Assert.DoesNotContain("Another org", page.Markup);
        Assert.DoesNotContain("CQCER", page.Markup);
        Assert.DoesNotContain("166,000", page.Markup);
        Assert.DoesNotContain("Exchange", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=batch-form]"));
    }

    private IRenderedComponent<BatchForm> RenderBatchForm(long projectId, Fen unallocated) =>
        Render<BatchForm>(p => p
            .Add(c => c.ProjectId, projectId)
            .Add(c => c.Unallocated, unallocated));

    /// <summary>Types into the MudBlazor field marked with <paramref name="testId"/>, as the owner would.</summary>
    private static void Type<T>(IRenderedComponent<T> component, string testId, string text) where T : IComponent
    {
        var input = component.Find($"input[data-testid={testId}], [data-testid={testId}] input");
        // An Immediate field takes each keystroke (oninput); the others take the value when the owner leaves them (onchange).
        if (input.HasAttribute("blazor:oninput") && !input.HasAttribute("blazor:onchange")) input.Input(text);
        else input.Change(text);
    }
}
