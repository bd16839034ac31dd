using CarbonHuitong.Core;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Mall;

/// <summary>Every refusal leaves the ledger, the balance, the stock and the wallet exactly as they were.</summary>
public sealed class RedemptionRefusalTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_redemption_beyond_the_balance_is_refused_with_insufficient_credits_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(19.99m).BuildAsync(database, _clock);
        var item = await new MallBuilder().Priced(20m).BuildAsync(database, _clock);

        await AssertRefusedAndNothingWrittenAsync(database, citizen, item.Id, ErrorCodes.InsufficientCredits);
    }

    [Fact]
    public async Task A_sold_out_item_is_refused_with_sold_out_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().WithStock(0).BuildAsync(database, _clock);

        await AssertRefusedAndNothingWrittenAsync(database, citizen, item.Id, ErrorCodes.SoldOut);
    }

    [Fact]
    public async Task A_second_redemption_in_the_same_China_month_beyond_a_limit_of_one_is_refused_with_limit_reached_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().WithMonthlyLimit(1).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "march-1");
        // 23:59 on 31 March in Chongqing: still March there, and already 15:59 UTC.
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 31, 23, 59));

        // The spend is written before the limit is counted, so this also shows the spend is rolled back with the rest.
        await AssertRefusedAndNothingWrittenAsync(database, citizen, item.Id, ErrorCodes.LimitReached);
    }

    [Fact]
    public async Task The_monthly_limit_starts_again_at_midnight_on_the_first_of_the_next_China_month()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().WithMonthlyLimit(1).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "march-1");
        // 00:00 on 1 April in Chongqing is still 31 March in UTC.
        _clock.SetUtcNow(ChinaTime.Utc(2026, 4, 1));

        var april = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "april-1");

        Assert.False(april.Replayed);
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.CountCouponsAsync());
        Assert.Equal(6_000, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        await MallInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task An_unknown_item_is_refused_with_item_unavailable_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        await AssertRefusedAndNothingWrittenAsync(database, citizen, item.Id + 1000, ErrorCodes.ItemUnavailable, stockOfItemId: item.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60)]
    public async Task An_item_whose_end_date_has_come_is_refused_with_item_unavailable_and_writes_nothing(int secondsPastEndDate)
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var endDate = _clock.UtcNow.AddDays(5);
        var item = await new MallBuilder().ValidUntil(endDate).BuildAsync(database, _clock);
        _clock.SetUtcNow(endDate.AddSeconds(secondsPastEndDate));

        await AssertRefusedAndNothingWrittenAsync(database, citizen, item.Id, ErrorCodes.ItemUnavailable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task A_request_id_that_is_empty_or_longer_than_64_characters_is_refused_with_bad_request_and_writes_nothing(string requestId)
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        await AssertRefusedAndNothingWrittenAsync(database, citizen, item.Id, ErrorCodes.BadRequest, requestId);
    }

    [Fact]
    public async Task A_request_id_of_exactly_64_characters_is_accepted()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);

        var result = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, new string('x', RedemptionService.MaxRequestIdLength));

        Assert.Equal(CouponStatus.Unused, result.Coupon.Status);
    }

    [Fact]
    public async Task After_a_limit_reached_refusal_the_same_DbContext_can_still_redeem_another_item()
    {
        // A Blazor Server circuit keeps one scoped DbContext (and RedemptionService) for every click on the mall page.
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var limited = await new MallBuilder().WithMonthlyLimit(1).BuildAsync(database, _clock);
        var other = await new MallBuilder().Titled("¥5 bus coupon").Priced(50m).WithFaceValue(new Fen(500)).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, limited.Id, "first");
        await using var circuit = database.CreateContext();
        var redemptions = CoreServices.Redemptions(circuit, _clock);
        var refusal = await Assert.ThrowsAsync<DomainException>(() => redemptions.RedeemAsync(citizen.AccountId, limited.Id, "second"));
        Assert.Equal(ErrorCodes.LimitReached, refusal.Code);

        var result = await redemptions.RedeemAsync(citizen.AccountId, other.Id, "third");

        Assert.Equal("¥5 bus coupon", result.Coupon.Title.En);
        Assert.Equal(Credits.FromDecimal(30m), result.Balance);
        await MallInvariants.AssertHoldAsync(database);
    }

    /// <param name="stockOfItemId">The item whose stock must not move, when <paramref name="itemId"/> is not on the shelf.</param>
    private async Task AssertRefusedAndNothingWrittenAsync(TestDatabase database, Citizen citizen, long itemId, string code,
        string requestId = "request-refused", long? stockOfItemId = null)
    {
        var before = await MallSnapshot.TakeAsync(database, citizen.AccountId, stockOfItemId ?? itemId);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.RedeemAsync(_clock, citizen.AccountId, itemId, requestId));

        Assert.Equal(code, refusal.Code);
        Assert.Equal(before, await MallSnapshot.TakeAsync(database, citizen.AccountId, stockOfItemId ?? itemId));
        await MallInvariants.AssertHoldAsync(database);
    }
}
