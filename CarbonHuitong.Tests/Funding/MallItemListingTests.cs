using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Funding;

public sealed class MallItemListingTests
{
    private static readonly DateTime Now = TestClock.DefaultStart.UtcDateTime;
    private static readonly CouponBatch TenCoupons = CouponBatch.Fund(1, new Fen(200), 10, Now);

    [Fact]
    public void An_item_cannot_list_more_stock_than_its_batch_holds()
    {
        var refusal = Assert.Throws<DomainException>(() => List(stock: 11));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
    }

    [Fact]
    public void An_item_needs_valid_days_or_an_end_date()
    {
        var refusal = Assert.Throws<DomainException>(() => List(validDays: null, validUntil: null));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
    }

    [Fact]
    public void An_item_priced_at_zero_credits_is_refused_with_invalid_amount()
    {
        var refusal = Assert.Throws<DomainException>(() => List(price: 0m));

        Assert.Equal(ErrorCodes.InvalidAmount, refusal.Code);
    }

    [Fact]
    public void A_listed_item_takes_its_face_value_from_its_batch()
    {
        var item = List(stock: 10);

        Assert.Equal(new Fen(200), item.FaceValue);
        Assert.Equal(MallItemStatus.Listed, item.Status);
    }

    private static MallItem List(int stock = 10, decimal price = 20m, int? validDays = 30, DateTime? validUntil = null) =>
        MallItem.List(TenCoupons, CouponKind.BusCoupon, "¥2 bus coupon", "", Credits.FromDecimal(price), stock, validDays, validUntil, null, Now);
}
