using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Funding;

/// <summary>The rules a batch's terms obey when it is proposed, and how a listed item takes them.</summary>
public sealed class CouponBatchRulesTests
{
    private static readonly DateTime Now = TestClock.DefaultStart.UtcDateTime;

    [Fact]
    public void A_batch_needs_valid_days_or_an_end_date()
    {
        var refusal = Assert.Throws<DomainException>(() => Propose(validDays: null, validUntil: null));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(CouponBatch.MaxValidDays + 1)]
    public void A_batch_is_valid_for_1_to_3660_days(int validDays)
    {
        var refusal = Assert.Throws<DomainException>(() => Propose(validDays: validDays));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(CouponBatch.MaxQuantity + 1)]
    public void A_batch_holds_from_one_coupon_to_its_maximum(int quantity)
    {
        var refusal = Assert.Throws<DomainException>(() => Propose(quantity: quantity));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
    }

    [Fact]
    public void A_batch_priced_at_zero_credits_is_refused_with_invalid_amount()
    {
        var refusal = Assert.Throws<DomainException>(() => Propose(price: 0m));

        Assert.Equal(ErrorCodes.InvalidAmount, refusal.Code);
    }

    [Fact]
    public void A_batch_starts_as_a_draft_holding_its_revenue()
    {
        var batch = Propose();

        Assert.Equal(BatchStatus.Draft, batch.Status);
        Assert.True(CouponBatch.HoldsRevenue.Compile()(batch));
    }

    [Fact]
    public void A_listed_item_takes_its_face_value_price_stock_and_validity_from_its_batch()
    {
        var validUntil = PlatformTime.EndOfChinaDay(new DateOnly(2026, 12, 31));
        var batch = Propose(quantity: 10, validUntil: validUntil);

        var item = MallItem.List(batch.Id, batch.Terms, "¥2 bus coupon", "", null, Now);

        Assert.Equal((new Fen(200), Credits.FromDecimal(20m), 10, (int?)30, (DateTime?)validUntil, MallItemStatus.Listed),
            (item.FaceValue, item.Price, item.StockLeft, item.ValidDays, item.ValidUntil, item.Status));
    }

    [Fact]
    public void A_title_longer_than_the_shelf_allows_is_refused()
    {
        var batch = Propose();

        var refusal = Assert.Throws<DomainException>(() =>
            MallItem.List(batch.Id, batch.Terms, new string('券', MallItem.MaxTitleLength + 1), "", null, Now));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
    }

    private static CouponBatch Propose(int quantity = 10, decimal price = 20m, int? validDays = 30, DateTime? validUntil = null) =>
        CouponBatch.Propose(1, new Fen(200), quantity, Credits.FromDecimal(price), validDays, validUntil, null, Now);
}
