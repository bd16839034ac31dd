using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Government;

/// <summary>
/// A small closed loop on either store, built through the owners' and administrators' own services: two projects of
/// two organizations, their batches (one rejected), redemptions, rides paid with coupons and coupons left to expire.
/// </summary>
/// <remarks>
/// The bus fleet (Chongqing Public Transport Group): 166,000 t issued and sold for ¥1,000,000; batch A1 of 10 ¥2
/// coupons at 20 credits, valid a day; A2 of 4 ¥5 coupons at 40 credits, valid 30 days; a rejected batch of 3 ¥2.
/// The wind farm (Another Org): 5,000 t issued, 2,000 t sold at ¥7.00; batch B1 of 5 ¥1 coupons at 15 credits.
/// The rider redeems A1 and A2 and rides (A1 goes, its expiry being sooner), then redeems A1 again; the saver redeems
/// A1 and B1. Two days on, both unused A1 coupons have expired; the rider rides on A2, the saver on B1.
/// </remarks>
internal sealed record ClosedLoopWorld(long BusProject, long WindProject, long BatchA1, long BatchA2, long RejectedBatch, long BatchB1)
{
    public static readonly Actor Regulator = new("regulator", "regulator@example.test", [Roles.Regulator], null);

    public static async Task<ClosedLoopWorld> BuildAsync(TestStore store, TestClock clock)
    {
        var busProject = await ProjectAsync(store, clock, Actors.TransportOwner, "Bus fleet", 166_000, (126_000, new Fen(6_00)), (40_000, new Fen(6_10)));
        var windProject = await ProjectAsync(store, clock, Actors.OtherOwner, "Wind farm", 5_000, (2_000, new Fen(7_00)));
        var (batchA1, itemA1) = await ListedBatchAsync(store, clock, Actors.TransportOwner, busProject, Draft(2_00, 10, 20m, validDays: 1));
        var (batchA2, itemA2) = await ListedBatchAsync(store, clock, Actors.TransportOwner, busProject, Draft(5_00, 4, 40m, validDays: 30));
        var rejected = await RejectedBatchAsync(store, clock, busProject, Draft(2_00, 3, 20m, validDays: 30));
        var (batchB1, itemB1) = await ListedBatchAsync(store, clock, Actors.OtherOwner, windProject, Draft(1_00, 5, 15m, validDays: 30));

        var rider = await new CitizenBuilder().WithCredits(200m).BuildAsync(store, clock);
        var saver = await new CitizenBuilder().WithCredits(200m).BuildAsync(store, clock);
        var validator = await Validator.RegisterAsync(store, clock, await store.LoadRideCodesAsync(clock));
        await store.RedeemAsync(clock, rider.AccountId, itemA1, "rider-a1-first");
        await store.RedeemAsync(clock, rider.AccountId, itemA2, "rider-a2");
        Assert.True((await validator.ScanAsync(validator.ScanOf(rider.AccountId))).CouponApplied);
        await store.RedeemAsync(clock, rider.AccountId, itemA1, "rider-a1-second");
        await store.RedeemAsync(clock, saver.AccountId, itemA1, "saver-a1");
        await store.RedeemAsync(clock, saver.AccountId, itemB1, "saver-b1");

        clock.Advance(TimeSpan.FromDays(2));
        Assert.True((await validator.ScanAsync(validator.ScanOf(rider.AccountId))).CouponApplied);
        Assert.True((await validator.ScanAsync(validator.ScanOf(saver.AccountId))).CouponApplied);
        await TransitInvariants.AssertHoldAsync(store);
        return new ClosedLoopWorld(busProject, windProject, batchA1, batchA2, rejected, batchB1);
    }

    public static async Task<ClosedLoop> ReadAsync(TestStore store, TimeProvider clock, Actor actor)
    {
        await using var db = store.CreateContext();
        return await new ClosedLoopReport(db, clock).ReadAsync(actor);
    }

    public static BatchDraft Draft(long faceValueFen, int quantity, decimal price, int validDays) =>
        new(new Fen(faceValueFen), quantity, Core.Ledger.Credits.FromDecimal(price), validDays, null, null);

    public static async Task<long> ProjectAsync(TestStore store, TimeProvider clock, Actor owner, string name, long issued,
        params (long Tonnes, Fen Price)[] sales)
    {
        await using var db = store.CreateContext();
        var projects = new ProjectService(db, new AuditLog(db, clock), clock);
        var today = PlatformTime.ChinaToday(clock);
        var projectId = await projects.RegisterAsync(owner, new ProjectDraft(name, "CQCER", "Test scenario", today.AddYears(-2), today.AddYears(3)));
        await projects.RecordIssuanceAsync(owner, projectId, new IssuanceDraft(issued, 2025, "CQCER-" + name, today.AddMonths(-2)));
        foreach (var (tonnes, price) in sales)
            await projects.RecordSaleAsync(owner, projectId, new SaleDraft(tonnes, price, "A carbon-market buyer", today.AddMonths(-1)));
        return projectId;
    }

    /// <summary>Funded, submitted and listed; answers the batch and its shelf item.</summary>
    public static async Task<(long BatchId, long ItemId)> ListedBatchAsync(TestStore store, TimeProvider clock, Actor owner, long projectId, BatchDraft draft)
    {
        await using var db = store.CreateContext();
        var batches = new CouponBatchService(db, new AuditLog(db, clock), clock);
        var batchId = await batches.FundAsync(owner, projectId, draft);
        await batches.SubmitAsync(owner, batchId);
        var itemId = await batches.ListAsync(Actors.MallAdmin, batchId, new ListingDraft(BilingualText.Of(null, "Coupon of batch " + batchId), BilingualText.Of(null, "For a test."), null));
        return (batchId, itemId);
    }

    private static async Task<long> RejectedBatchAsync(TestStore store, TimeProvider clock, long projectId, BatchDraft draft)
    {
        await using var db = store.CreateContext();
        var batches = new CouponBatchService(db, new AuditLog(db, clock), clock);
        var batchId = await batches.FundAsync(Actors.TransportOwner, projectId, draft);
        await batches.SubmitAsync(Actors.TransportOwner, batchId);
        await batches.RejectAsync(Actors.MallAdmin, batchId, "Not this one.");
        return batchId;
    }
}
