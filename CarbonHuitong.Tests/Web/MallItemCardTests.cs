using CarbonHuitong.Core;
using System.Globalization;
using Bunit;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Web;

public sealed class MallItemCardTests : BunitContext
{
    private static readonly MallItemView BusCoupon = new(7, CouponKind.BusCoupon, BilingualText.Of("2元公交券", "2-yuan bus coupon"), BilingualText.Of("下次乘车时抵扣。", "Deducted at your next ride."),
        Credits.FromDecimal(20m), new Fen(200), StockLeft: 1_234, ValidDays: 30, ValidUntil: null, MonthlyLimitPerCitizen: 10);

    public MallItemCardTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
    }

    [Fact]
    public void An_affordable_item_shows_price_face_value_stock_validity_and_a_redeem_button_that_reports_up()
    {
        MallItemView? requested = null;
        var card = Render<MallItemCard>(p => p
            .Add(c => c.Item, BusCoupon)
            .Add(c => c.Balance, Credits.FromDecimal(66.3m))
            .Add(c => c.OnRedeem, item => requested = item));

        Assert.Contains("20.00", card.Find("[data-testid=price]").TextContent);
        Assert.Contains("¥2.00", card.Find("[data-testid=face-value]").TextContent);
        Assert.Contains("1,234 left", card.Find("[data-testid=stock]").TextContent);
        Assert.Contains("valid 30 days after redemption", card.Markup);
        var redeem = card.Find("button[data-testid=redeem]");
        Assert.False(redeem.HasAttribute("disabled"));
        Assert.Contains("Redeem", redeem.TextContent);

        redeem.Click();

        Assert.Equal(BusCoupon, requested);
    }

    [Fact]
    public void An_item_the_citizen_cannot_afford_says_how_many_more_credits_it_needs()
    {
        var card = Render<MallItemCard>(p => p
            .Add(c => c.Item, BusCoupon)
            .Add(c => c.Balance, Credits.FromDecimal(13.4m)));

        var redeem = card.Find("button[data-testid=redeem]");
        Assert.True(redeem.HasAttribute("disabled"));
        Assert.Contains("Needs 6.60 more credits", redeem.TextContent);
    }

    [Fact]
    public void A_sold_out_item_cannot_be_redeemed_whatever_the_balance()
    {
        var card = Render<MallItemCard>(p => p
            .Add(c => c.Item, BusCoupon with { StockLeft = 0 })
            .Add(c => c.Balance, Credits.FromDecimal(500m)));

        var redeem = card.Find("button[data-testid=redeem]");
        Assert.True(redeem.HasAttribute("disabled"));
        Assert.Contains("Sold out", redeem.TextContent);
        Assert.Contains("None left", card.Find("[data-testid=stock]").TextContent);
    }

    [Fact]
    public void A_visitor_is_invited_to_sign_in_to_redeem()
    {
        var card = Render<MallItemCard>(p => p.Add(c => c.Item, BusCoupon));

        Assert.Empty(card.FindAll("[data-testid=redeem]"));
        Assert.Contains("Sign in to redeem", card.Markup);
    }

    // "Valid through 31 December" is kept as its exclusive end, 1 January 00:00 China time.
    private static readonly MallItemView ThroughNewYearsEve = BusCoupon with { ValidDays = null, ValidUntil = ChinaTime.Utc(2027, 1, 1) };

    [Fact]
    public void An_item_valid_through_31_December_shows_31_December_not_1_January()
    {
        var card = Render<MallItemCard>(p => p.Add(c => c.Item, ThroughNewYearsEve));

        Assert.Contains("valid through 2026-12-31", card.Markup);
        Assert.DoesNotContain("2027-01-01", card.Markup);
    }

    [Fact]
    public void In_Chinese_an_item_valid_through_31_December_shows_31_December_not_1_January()
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            var card = Render<MallItemCard>(p => p.Add(c => c.Item, ThroughNewYearsEve));

            Assert.Contains("有效期至 2026年12月31日", card.Markup);
            Assert.DoesNotContain("2027年1月1日", card.Markup);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
