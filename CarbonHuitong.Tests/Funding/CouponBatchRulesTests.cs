using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Funding;

/// <summary>The rules a batch's terms obey when it is proposed, and the shelf's limit on a listing.</summary>
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
    public async Task A_title_longer_than_the_shelf_allows_is_refused_when_listing_and_writes_nothing()
    {
        var clock = new TestClock();
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, clock);
        var batchId = await database.FundAndSubmitAsync(clock, projectId, Batches.TwoYuanCoupons(10));

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest, () => database.AsRequestAsync(clock,
            s => s.Batches.ListAsync(Actors.MallAdmin, batchId, Batches.Listing(new string('券', MallItem.MaxTitleLength + 1)))));
    }

    private static CouponBatch Propose(int quantity = 10, decimal price = 20m, int? validDays = 30, DateTime? validUntil = null) =>
        CouponBatch.Propose(1, new Fen(200), quantity, Credits.FromDecimal(price), validDays, validUntil, null, Now);
}
