using System.Globalization;
using Bunit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages;

namespace CarbonHuitong.Tests.Web;

/// <summary>The home page's sentences quote the shelf and the methodology, not literals.</summary>
public sealed class HomePageTests : PageTestContext
{
    [Fact]
    public async Task The_home_page_quotes_what_a_bus_ride_earns_and_what_the_cheapest_bus_coupon_costs()
    {
        await new MallBuilder().Priced(30m).BuildAsync(Database, Clock);

        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Contains("Every bus ride earns 1.1 carbon credits for about 120 g of CO₂e avoided. " +
            "30 credits buy a 2-yuan bus coupon in the points mall", page.Markup));
        Assert.Contains("Redeem 30 credits for a 2-yuan bus coupon", page.Markup);
    }

    [Fact]
    public void With_nothing_on_the_shelf_the_home_page_names_no_price_in_either_language()
    {
        var page = Render<Home>();

        page.WaitForAssertion(() => Assert.Contains("Credits buy bus coupons in the points mall", page.Markup));
        Assert.DoesNotContain("credits buy a", page.Markup);

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var chinese = Render<Home>();

            chinese.WaitForAssertion(() => Assert.Contains("获得 1.1 碳积分。碳积分可在积分商城兑换公交券", chinese.Markup));
            Assert.DoesNotContain("元公交券", chinese.Markup);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
