using System.Globalization;
using Bunit;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CarbonHuitong.Tests.Bilingual;

/// <summary>A shelf item entered in both languages reads in each; one entered in English only reads in English on the Chinese page, marked.</summary>
public sealed class BilingualShelfItemTests : BunitContext
{
    private static readonly MallItemView Bilingual = Item(BilingualText.Of("5元公交券", "5-yuan bus coupon"), BilingualText.Of("下次乘车时抵扣。", "Taken off your next fare."));
    private static readonly MallItemView EnglishOnly = Item(BilingualText.Of(null, "Metro day pass"), BilingualText.Of(null, "Valid on every line."));

    public BilingualShelfItemTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
    }

    [Theory]
    [InlineData("zh-CN", "5元公交券", "下次乘车时抵扣。", "5-yuan")]
    [InlineData("en", "5-yuan bus coupon", "Taken off your next fare.", "5元")]
    public void A_bilingual_item_reads_in_the_readers_language_only(string culture, string title, string description, string otherLanguage) =>
        InCulture(culture, () =>
        {
            var card = Render<MallItemCard>(p => p.Add(c => c.Item, Bilingual));

            Assert.Equal(title, card.Find("h2 [data-language]").TextContent);
            Assert.Equal(culture, card.Find("h2 [data-language]").GetAttribute("lang"));
            Assert.Contains(description, card.Markup);
            Assert.DoesNotContain(otherLanguage, card.Markup);
            Assert.Empty(card.FindAll("[data-testid=language-fallback]"));
        });

    [Fact]
    public void An_item_entered_only_in_English_reads_in_English_on_the_Chinese_page_with_a_marker() =>
        InCulture("zh-CN", () =>
        {
            var card = Render<MallItemCard>(p => p.Add(c => c.Item, EnglishOnly));

            var title = card.Find("h2 [data-language]");
            Assert.Equal(("Metro day pass", "en"), (title.TextContent, title.GetAttribute("lang")));
            var marker = card.Find("h2 [data-testid=language-fallback]");
            Assert.Equal("EN英文", marker.TextContent);
            Assert.Equal("Metro day pass（英文）", card.Find("[data-testid=coupon-art]").GetAttribute("aria-label"));
        });

    [Fact]
    public void An_item_entered_only_in_Chinese_reads_in_Chinese_on_the_English_page_with_a_marker() =>
        InCulture("en", () =>
        {
            var card = Render<MallItemCard>(p => p.Add(c => c.Item, Item(BilingualText.Of("地铁一日票", null), BilingualText.Empty)));

            var title = card.Find("h2 [data-language]");
            Assert.Equal(("地铁一日票", "zh-CN"), (title.TextContent, title.GetAttribute("lang")));
            Assert.Equal("中in Chinese", card.Find("h2 [data-testid=language-fallback]").TextContent);
        });

    private static MallItemView Item(BilingualText title, BilingualText description) =>
        new(9, CouponKind.BusCoupon, title, description, Credits.FromDecimal(50m), new Fen(500), 10, 30, null, null, "/images/bus-coupon.svg");

    private static void InCulture(string name, Action test)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);
        try { test(); }
        finally { (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture); }
    }
}
