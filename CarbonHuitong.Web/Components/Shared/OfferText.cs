using System.Globalization;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// The sentences that quote what a bus ride earns and what a bus coupon costs, filled in from the methodology in effect
/// and from the shelf, so they stay true when an admin schedules a new factor or an owner prices a batch differently.
/// </summary>
public static class OfferText
{
    public static GreenBehaviour BusRide(IEnumerable<GreenBehaviour> inEffect) => inEffect.Single(b => b.Code == Methodology.BusRide);

    /// <summary>The shelf comes cheapest first; null when no bus coupon is left to redeem.</summary>
    public static MallItemView? CheapestBusCoupon(IEnumerable<MallItemView> shelf) =>
        shelf.FirstOrDefault(i => i.Kind == CouponKind.BusCoupon && !i.SoldOut);

    /// <summary>A sentence with {0} for the credits a bus ride earns and {1} for the grams it avoids.</summary>
    public static string BusRideEarns(string key, GreenBehaviour busRide) =>
        Format(key, Number(busRide.CreditsPerUnit.Value), Number(busRide.ReductionPerUnit.Grams));

    /// <summary>A sentence with {0} for the coupon's price in credits and {1} for its face value in yuan.</summary>
    public static string CouponPrice(string key, MallItemView coupon) =>
        Format(key, Number(coupon.Price.Value), Number(coupon.FaceValue.Yuan));

    /// <summary>"20 credits buy a 2-yuan bus coupon in the points mall.", or nothing when there is none to buy.</summary>
    public static string CouponPrice(MallItemView? coupon) =>
        coupon is null ? "" : CouponPrice("{0} credits buy a {1}-yuan bus coupon in the points mall.", coupon);

    /// <summary>Sentences in a row: a space between them in English, none in Chinese.</summary>
    public static string Sentences(params string[] sentences) =>
        string.Join(Localization.IsChinese ? "" : " ", sentences.Where(s => s.Length > 0));

    // 1.1 credits, 120 g, a 2-yuan coupon: figures in a sentence read without trailing zeros.
    private static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    private static string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, CitizenText.Get(key), values);
}
