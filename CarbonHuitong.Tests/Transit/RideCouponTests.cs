using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Transit;

/// <summary>A ride takes the citizen's unused, unexpired bus coupon that expires soonest off the fare.</summary>
public sealed class RideCouponTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task After_redeeming_20_credits_for_a_2_yuan_coupon_a_2_yuan_ride_uses_it_and_nothing_is_due()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await new MallBuilder().Priced(20m).WithFaceValue(new Fen(200)).BuildAsync(database, _clock);
        var coupon = (await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1")).Coupon;
        _clock.Advance(TimeSpan.FromHours(3));

        var result = await validator.ScanAsync(validator.ScanOf(citizen.AccountId, fareFen: 200));

        Assert.True(result.CouponApplied);
        Assert.Equal(coupon.Id, result.CouponId);
        Assert.Equal(new Fen(200), result.FaceValue);
        Assert.Equal(Fen.Zero, result.AmountDue);
        Assert.Equal(Credits.FromDecimal(1.10m), result.Balance);
        await using var db = database.CreateContext();
        var used = await db.Coupons.AsNoTracking().SingleAsync(c => c.Id == coupon.Id);
        Assert.Equal((CouponStatus.Used, _clock.UtcNow, TransitBuilder.LineId, TransitBuilder.VehicleId),
            (used.Status, used.UsedAt, used.UsedLineId, used.UsedVehicleId));
        var ride = await db.Rides.AsNoTracking().SingleAsync();
        Assert.Equal((coupon.Id, 200L, 0L), (ride.CouponId, ride.CouponFaceValueFen, ride.AmountDueFen));
        await TransitInvariants.AssertHoldAsync(database);
        await MallInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task Each_ride_uses_the_unused_coupon_expiring_soonest_and_never_one_that_has_expired()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(80m).BuildAsync(database, _clock);
        // Redeemed in an order unlike their expiry, so neither the id nor the issue time gives the answer.
        var thirtyDays = await RedeemCouponAsync(database, citizen, validDays: 30, "30-days");
        var oneDay = await RedeemCouponAsync(database, citizen, validDays: 1, "1-day");
        var fourteenDays = await RedeemCouponAsync(database, citizen, validDays: 14, "14-days");
        var sevenDays = await RedeemCouponAsync(database, citizen, validDays: 7, "7-days");
        // The one-day coupon expires at this very instant: from now on it reads as Expired.
        _clock.SetUtcNow(oneDay.ExpiresAt);

        var first = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        var second = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        var third = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        var fourth = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));

        Assert.Equal([sevenDays.Id, fourteenDays.Id, thirtyDays.Id, null], new[] { first, second, third, fourth }.Select(r => r.CouponId));
        Assert.False(fourth.CouponApplied);
        Assert.Equal(new Fen(TransitBuilder.FareFen), fourth.AmountDue);
        await using var db = database.CreateContext();
        var expired = await db.Coupons.AsNoTracking().SingleAsync(c => c.Id == oneDay.Id);
        Assert.Equal(CouponStatus.Unused, expired.Status);
        Assert.Null(expired.UsedAt);
        Assert.Equal(CouponStatus.Expired, expired.StatusAt(_clock.UtcNow));
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task A_citizen_whose_only_coupon_has_expired_pays_the_full_fare_and_keeps_the_coupon_unused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var coupon = await RedeemCouponAsync(database, citizen, validDays: 1, "request-1");
        _clock.SetUtcNow(coupon.ExpiresAt.AddMinutes(1));

        var result = await validator.ScanAsync(validator.ScanOf(citizen.AccountId, fareFen: 200));

        Assert.False(result.CouponApplied);
        Assert.Null(result.CouponId);
        Assert.Equal(Fen.Zero, result.FaceValue);
        Assert.Equal(new Fen(200), result.AmountDue);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.CountUsedCouponsAsync());
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Theory]
    [InlineData(500, 200, 0)]
    [InlineData(200, 200, 0)]
    [InlineData(200, 0, 0)]
    [InlineData(200, 350, 150)]
    public async Task The_amount_due_is_the_fare_less_the_coupon_and_never_below_zero(long faceValueFen, long fareFen, long amountDueFen)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(50m).BuildAsync(database, _clock);
        var item = await new MallBuilder().Priced(50m).WithFaceValue(new Fen(faceValueFen)).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1");

        var result = await validator.ScanAsync(validator.ScanOf(citizen.AccountId, fareFen));

        Assert.True(result.CouponApplied);
        Assert.Equal(new Fen(faceValueFen), result.FaceValue);
        Assert.Equal(new Fen(amountDueFen), result.AmountDue);
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task Without_a_coupon_the_full_fare_is_due()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);

        var result = await validator.ScanAsync(validator.ScanOf(citizen.AccountId, fareFen: 300));

        Assert.False(result.CouponApplied);
        Assert.Null(result.CouponId);
        Assert.Equal(Fen.Zero, result.FaceValue);
        Assert.Equal(new Fen(300), result.AmountDue);
    }

    [Fact]
    public async Task A_ride_never_uses_another_citizens_coupon()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var holder = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var rider = await new CitizenBuilder().BuildAsync(database, _clock);
        await RedeemCouponAsync(database, holder, validDays: 30, "request-1");

        var result = await validator.ScanAsync(validator.ScanOf(rider.AccountId));

        Assert.False(result.CouponApplied);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.CountUsedCouponsAsync());
    }

    private async Task<CouponView> RedeemCouponAsync(TestDatabase database, Citizen citizen, int validDays, string requestId)
    {
        var item = await new MallBuilder().Priced(20m).ValidForDays(validDays).BuildAsync(database, _clock);
        return (await database.RedeemAsync(_clock, citizen.AccountId, item.Id, requestId)).Coupon;
    }
}
