using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Funding;

/// <summary>A batch goes Draft → Submitted by its owner, then a mall admin lists it on the shelf or rejects it, and may delist it.</summary>
public sealed class BatchWorkflowTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_submitted_batch_listed_by_a_mall_admin_becomes_a_shelf_item_on_the_batchs_terms_that_citizens_can_redeem()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var validUntil = _clock.UtcNow.AddDays(90);
        var batchId = await database.FundAsync(_clock, projectId,
            Batches.TwoYuanCoupons(250, price: 18.5m, validDays: 14, validUntil: validUntil, monthlyLimit: 2));
        Assert.Empty(await database.AsRequestAsync(_clock, s => s.Batches.ListForReviewAsync(Actors.MallAdmin)));
        await database.AsRequestAsync(_clock, s => s.Batches.SubmitAsync(Actors.TransportOwner, batchId));
        var review = Assert.Single(await database.AsRequestAsync(_clock, s => s.Batches.ListForReviewAsync(Actors.MallAdmin, BatchStatus.Submitted)));
        Assert.Equal((batchId, Actors.TransportGroup, (long?)null), (review.BatchId, review.Organization, review.ItemId));

        var itemId = await database.AsRequestAsync(_clock,
            s => s.Batches.ListAsync(Actors.MallAdmin, batchId, new ListingDraft(BilingualText.Of(null, "  2-yuan bus coupon "), BilingualText.Of(null, "Off your next fare."), "/images/bus.png")));

        await using (var db = database.CreateContext())
        {
            var item = await db.MallItems.AsNoTracking().SingleAsync(i => i.Id == itemId);
            Assert.Equal((batchId, "2-yuan bus coupon", "/images/bus.png", MallItemStatus.Listed), (item.BatchId, item.Title.En, item.ImageUrl, item.Status));
            Assert.Equal((Credits.FromDecimal(18.5m), new Fen(2_00), 250), (item.Price, item.FaceValue, item.StockLeft));
            Assert.Equal(((int?)14, (DateTime?)validUntil, (int?)2), (item.ValidDays, item.ValidUntil, item.MonthlyLimitPerCitizen));
            Assert.Equal(BatchStatus.Listed, (await db.CouponBatches.AsNoTracking().SingleAsync(b => b.Id == batchId)).Status);
        }
        var shelfItem = Assert.Single(await database.AsRequestAsync(_clock, s => s.Mall.GetShelfAsync()));
        Assert.Equal(itemId, shelfItem.Id);

        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var redeemed = await database.AsRequestAsync(_clock, s => s.Redemptions.RedeemAsync(citizen.AccountId, itemId, "first"));

        Assert.Equal((new Fen(2_00), CouponStatus.Unused, _clock.UtcNow.AddDays(14)), (redeemed.Coupon.FaceValue, redeemed.Coupon.Status, redeemed.Coupon.ExpiresAt));
        Assert.Equal(Credits.FromDecimal(1.5m), redeemed.Balance);
        await using var after = database.CreateContext();
        Assert.Equal(249, await after.StockLeftAsync(itemId));
        await MallInvariants.AssertHoldAsync(database);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_batch_is_rejected_only_with_a_reason_without_one_it_is_refused_with_bad_request_and_writes_nothing(string reason)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest,
            () => database.AsRequestAsync(_clock, s => s.Batches.RejectAsync(Actors.MallAdmin, batchId, reason)));

        await database.AsRequestAsync(_clock, s => s.Batches.RejectAsync(Actors.MallAdmin, batchId, " Price too low for a ¥2 coupon. "));
        var rejected = Assert.Single(await database.AsRequestAsync(_clock, s => s.Batches.ListForReviewAsync(Actors.MallAdmin)));
        Assert.Equal((BatchStatus.Rejected, "Price too low for a ¥2 coupon."), (rejected.Status, rejected.RejectionReason));
    }

    [Theory]
    [InlineData(BatchStatus.Draft)]
    [InlineData(BatchStatus.Rejected)]
    [InlineData(BatchStatus.Listed)]
    [InlineData(BatchStatus.Delisted)]
    public async Task Only_a_submitted_batch_can_be_listed_any_other_is_refused_with_invalid_state_and_writes_nothing(BatchStatus status)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await BatchInAsync(database, projectId, status);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.InvalidState,
            () => database.AsRequestAsync(_clock, s => s.Batches.ListAsync(Actors.MallAdmin, batchId, Batches.Listing())));
    }

    [Theory]
    [InlineData(BatchStatus.Draft)]
    [InlineData(BatchStatus.Listed)]
    public async Task Only_a_submitted_batch_can_be_rejected_any_other_is_refused_with_invalid_state_and_writes_nothing(BatchStatus status)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await BatchInAsync(database, projectId, status);

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.InvalidState,
            () => database.AsRequestAsync(_clock, s => s.Batches.RejectAsync(Actors.MallAdmin, batchId, "Not now.")));
    }

    [Fact]
    public async Task A_batch_is_submitted_only_once_a_second_submit_is_refused_with_invalid_state_and_writes_nothing()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.InvalidState,
            () => database.AsRequestAsync(_clock, s => s.Batches.SubmitAsync(Actors.TransportOwner, batchId)));
    }

    [Fact]
    public async Task Delisting_takes_the_item_off_the_shelf_while_coupons_already_redeemed_stay_valid()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100, validDays: 30));
        var citizen = await new CitizenBuilder().WithCredits(40m).BuildAsync(database, _clock);
        var coupon = (await database.AsRequestAsync(_clock, s => s.Redemptions.RedeemAsync(citizen.AccountId, itemId, "before-delist"))).Coupon;

        await database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId));

        Assert.Empty(await database.AsRequestAsync(_clock, s => s.Mall.GetShelfAsync()));
        var refusal = await Assert.ThrowsAsync<DomainException>(
            () => database.AsRequestAsync(_clock, s => s.Redemptions.RedeemAsync(citizen.AccountId, itemId, "after-delist")));
        Assert.Equal(ErrorCodes.ItemUnavailable, refusal.Code);
        _clock.Advance(TimeSpan.FromDays(29));
        var wallet = await database.AsRequestAsync(_clock, s => s.Mall.GetWalletAsync(citizen.AccountId));
        Assert.Equal((coupon.Id, CouponStatus.Unused), (Assert.Single(wallet).Id, wallet[0].Status));
        var nextRide = await database.AsRequestAsync(_clock, s => s.Mall.GetNextRideCouponAsync(citizen.AccountId));
        Assert.Equal((new Fen(2_00), 1), (nextRide.FaceValue, nextRide.UsableCount));
        var batch = Assert.Single(await database.AsRequestAsync(_clock, s => s.Batches.ListForReviewAsync(Actors.MallAdmin)));
        Assert.Equal((BatchStatus.Delisted, (int?)99), (batch.Status, batch.StockLeft));
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        var ride = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        Assert.Equal((true, (long?)coupon.Id, Fen.Zero), (ride.CouponApplied, ride.CouponId, ride.AmountDue));
    }

    [Fact]
    public async Task An_item_already_off_the_shelf_cannot_be_delisted_again_invalid_state_and_nothing_written()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        await database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId));

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.InvalidState,
            () => database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId)));
    }

    [Theory]
    [InlineData("the batch's own project owner", "review")]
    [InlineData("the batch's own project owner", "list")]
    [InlineData("the batch's own project owner", "reject")]
    [InlineData("the batch's own project owner", "delist")]
    [InlineData("a citizen", "list")]
    [InlineData("a citizen", "delist")]
    public async Task Only_a_mall_admin_may_review_list_reject_or_delist_anyone_else_is_forbidden_and_writes_nothing(string who, string attempt)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var submitted = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        var actor = who == "a citizen" ? Actors.Citizen : Actors.TransportOwner;

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.Forbidden, () => database.AsRequestAsync(_clock, s => attempt switch
        {
            "review" => s.Batches.ListForReviewAsync(actor),
            "list" => s.Batches.ListAsync(actor, submitted, Batches.Listing()),
            "reject" => s.Batches.RejectAsync(actor, submitted, "I changed my mind."),
            "delist" => s.Batches.DelistAsync(actor, itemId),
            _ => throw new ArgumentOutOfRangeException(nameof(attempt), attempt, null),
        }));
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("//evil.example/pixel.png")]
    [InlineData("http://cdn.example/bus.png")]
    [InlineData("data:image/svg+xml,<svg onload=alert(1)>")]
    [InlineData("images/bus.png")]
    public Task An_image_that_is_neither_a_path_on_the_site_nor_an_https_address_is_refused_with_bad_request_and_writes_nothing(string imageUrl) =>
        AssertListingWithImageIsRefusedAsync(imageUrl);

    // Browsers read "/\host" as "//host", and drop tabs and newlines from a URL before reading it.
    [Theory]
    [InlineData("/\\evil.example/pixel.png")]
    [InlineData("/\t/evil.example/pixel.png")]
    public Task An_image_path_that_a_browser_reads_as_another_host_is_refused_with_bad_request_and_writes_nothing(string imageUrl) =>
        AssertListingWithImageIsRefusedAsync(imageUrl);

    [Theory]
    [InlineData("/images/bus-coupon.png")]
    [InlineData("https://cdn.example/bus-coupon.png")]
    [InlineData(null)]
    public async Task An_image_on_the_site_or_at_an_https_address_or_none_is_accepted(string? imageUrl)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);

        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100), Batches.Listing(imageUrl: imageUrl));

        await using var db = database.CreateContext();
        Assert.Equal(imageUrl, (await db.MallItems.AsNoTracking().SingleAsync(i => i.Id == itemId)).ImageUrl);
    }

    /// <summary>A mall admin listing a submitted batch with <paramref name="imageUrl"/> is refused with bad request and writes nothing.</summary>
    private async Task AssertListingWithImageIsRefusedAsync(string imageUrl)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest,
            () => database.AsRequestAsync(_clock, s => s.Batches.ListAsync(Actors.MallAdmin, batchId, Batches.Listing(imageUrl: imageUrl))));
    }

    /// <summary>A batch of the project brought to <paramref name="status"/> through the workflow.</summary>
    private async Task<long> BatchInAsync(TestDatabase database, long projectId, BatchStatus status)
    {
        if (status == BatchStatus.Draft) return await database.FundAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        var batchId = await database.FundAndSubmitAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        if (status == BatchStatus.Rejected)
            await database.AsRequestAsync(_clock, s => s.Batches.RejectAsync(Actors.MallAdmin, batchId, "Not this month."));
        if (status is BatchStatus.Listed or BatchStatus.Delisted)
        {
            var itemId = await database.AsRequestAsync(_clock, s => s.Batches.ListAsync(Actors.MallAdmin, batchId, Batches.Listing()));
            if (status == BatchStatus.Delisted) await database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId));
        }
        return batchId;
    }
}
