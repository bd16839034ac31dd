using Bunit;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Web.Components.Shared;

namespace CarbonHuitong.Tests.Web;

/// <summary>A shelf item's picture: the shipped artwork is drawn with the item's own face value; an image of the owner's own is shown as given.</summary>
public sealed class CouponArtTests : PageTestContext
{
    private static MallItemView Item(long faceValueFen, string? image) =>
        new(1, CouponKind.BusCoupon, BilingualText.Of(null, "¥5 bus coupon"), BilingualText.Of(null, "Taken off the fare."), Credits.FromDecimal(50m), new Fen(faceValueFen), 10, 30, null, null, image);

    [Theory]
    [InlineData(500, "¥5")]
    [InlineData(200, "¥2")]
    [InlineData(250, "¥2.50")]
    public void The_shipped_artwork_shows_the_items_own_face_value(long faceValueFen, string drawn)
    {
        var card = Render<MallItemCard>(p => p.Add(c => c.Item, Item(faceValueFen, CouponArt.DefaultImage)));

        Assert.Equal(drawn, card.Find("[data-testid=coupon-art] text").TextContent.Trim());
        Assert.Equal("¥5 bus coupon", card.Find("[data-testid=coupon-art]").GetAttribute("aria-label"));
        Assert.Empty(card.FindAll("img.mall-item-image"));
    }

    [Fact]
    public void An_owners_own_image_is_shown_as_given()
    {
        var card = Render<MallItemCard>(p => p.Add(c => c.Item, Item(500, "https://example.test/coupon.png")));

        Assert.Equal("https://example.test/coupon.png", card.Find("img.mall-item-image").GetAttribute("src"));
        Assert.Empty(card.FindAll("[data-testid=coupon-art]"));
    }
}
