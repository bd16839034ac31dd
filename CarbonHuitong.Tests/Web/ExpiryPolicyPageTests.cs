using Bunit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Behaviours;
using Microsoft.Extensions.DependencyInjection;
using MethodologyPage = CarbonHuitong.Web.Components.Pages.Behaviours.Methodology;

namespace CarbonHuitong.Tests.Web;

/// <summary>The methodology pages state the expiry policy as the settings set it, with its dates worked out, and the pending rule.</summary>
public sealed class ExpiryPolicyPageTests : PageTestContext
{
    [Fact]
    public void Citizens_read_that_credits_last_until_the_end_of_the_next_year_oldest_first_with_this_and_last_years_dates()
    {
        var page = Render<MethodologyPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=expiry-example]").Count));
        Assert.Contains("Credits earned in a year can be spent until 31 December of the year after; spending uses the oldest credits first.",
            page.Find("[data-testid=expiry-policy]").TextContent);
        Assert.Equal(
            ["Credits earned in 2025 expire after 2026-12-31 (China time).", "Credits earned in 2026 expire after 2027-12-31 (China time)."],
            page.FindAll("[data-testid=expiry-example]").Select(e => e.TextContent.Trim()));
        Assert.Contains("A partner has 72 hours to decide", page.Find("[data-testid=pending-policy]").TextContent);
    }

    [Fact]
    public void Administrators_see_the_policy_and_the_settings_that_set_it()
    {
        SignIn(Actors.MallAdmin);

        var page = Render<MethodologyAdmin>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=expiry-policy]")));
        Assert.Contains("Credits earned in 2026 expire after 2027-12-31 (China time).", page.Find("[data-testid=expiry-policy]").TextContent);
        Assert.Contains("Expiry:ValidYears = 1", page.Find("[data-testid=expiry-settings]").TextContent);
        Assert.Contains("every 60 minutes (Lifecycle:RunEveryMinutes)", page.Find("[data-testid=expiry-settings]").TextContent);
    }
}

/// <summary>The same page on settings that keep credits for two years after the year they were earned.</summary>
public sealed class LongerExpiryPolicyPageTests : PageTestContext
{
    public override Task InitializeAsync()
    {
        Services.Configure<ExpiryOptions>(options => options.ValidYears = 2);
        return base.InitializeAsync();
    }

    [Fact]
    public void A_longer_validity_in_the_settings_moves_the_dates_and_the_wording()
    {
        Clock.SetUtcNow(ChinaTime.Utc(2027, 1, 1));

        var page = Render<MethodologyPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=expiry-example]").Count));
        Assert.Contains("until 31 December, 2 years after;", page.Find("[data-testid=expiry-policy]").TextContent);
        Assert.Equal(
            ["Credits earned in 2026 expire after 2028-12-31 (China time).", "Credits earned in 2027 expire after 2029-12-31 (China time)."],
            page.FindAll("[data-testid=expiry-example]").Select(e => e.TextContent.Trim()));
    }
}
