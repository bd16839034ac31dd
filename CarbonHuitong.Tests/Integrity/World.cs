using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>
/// Two citizens: the rider redeems a coupon and rides twice (the first ride uses it); the saver earns 20 bus rides
/// from a feed and redeems a coupon it keeps. One ¥2 item for 20 credits, 100 in stock. Built through the real
/// services on <see cref="Database"/>, which it disposes.
/// </summary>
internal sealed class World(TestStore database, Citizen rider, Citizen saver, MallItem item) : IAsyncDisposable
{
    public TestStore Database => database;
    public Citizen Rider => rider;
    public Citizen Saver => saver;
    public MallItem Item => item;
    public long RiderCouponId { get; private init; }
    public long SaverCouponId { get; private init; }
    public long FirstRideId { get; private init; }
    public long SecondRideId { get; private init; }

    public static async Task<World> BuildAsync(TestStore database, TestClock clock)
    {
        var validator = await Validator.RegisterAsync(database, clock, await database.LoadRideCodesAsync(clock));
        var item = await new MallBuilder().Priced(20m).WithFaceValue(new Fen(200)).WithStock(100).BuildAsync(database, clock);
        var rider = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, clock);
        var saver = await new CitizenBuilder().BuildAsync(database, clock);
        await using (var db = database.CreateContext())
        {
            await new TestLedger(db, clock).RecordEarnAsync(EarnRequests.Of(saver.AccountId, Methodology.BusRide, 20, clock.UtcNow));
        }
        var riderCoupon = await database.RedeemAsync(clock, rider.AccountId, item.Id, "rider-1");
        var saverCoupon = await database.RedeemAsync(clock, saver.AccountId, item.Id, "saver-1");
        clock.Advance(TimeSpan.FromHours(1));

        var first = await validator.ScanAsync(validator.ScanOf(rider.AccountId));
        var second = await validator.ScanAsync(validator.ScanOf(rider.AccountId));
        Assert.Equal(riderCoupon.Coupon.Id, first.CouponId);
        Assert.Null(second.CouponId);

        await using var read = database.CreateContext();
        var rides = await read.Rides.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
        return new World(database, rider, saver, item)
        {
            RiderCouponId = riderCoupon.Coupon.Id, SaverCouponId = saverCoupon.Coupon.Id, FirstRideId = rides[0], SecondRideId = rides[1],
        };
    }

    public async Task<InvariantReport> CheckAsync()
    {
        await using var db = database.CreateContext();
        return await new InvariantChecker(db).CheckAsync();
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
