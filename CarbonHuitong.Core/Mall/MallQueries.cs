using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Mall;

public sealed record MallItemView(
    long Id, CouponKind Kind, string Title, string Description, Credits Price, Fen FaceValue, int StockLeft,
    int? ValidDays, DateTime? ValidUntil, int? MonthlyLimitPerCitizen, string? ImageUrl = null)
{
    public bool SoldOut => StockLeft <= 0;

    /// <summary>How many more credits a balance needs for this item; zero when it is affordable.</summary>
    public Credits ShortfallFor(Credits balance) => balance >= Price ? Credits.Zero : Price - balance;
}

public sealed record CouponView(
    long Id, string Code, CouponKind Kind, string Title, Fen FaceValue, CouponStatus Status,
    DateTime IssuedAt, DateTime ExpiresAt, DateTime? UsedAt, string? UsedLineId, string? UsedVehicleId)
{
    public static CouponView From(Coupon coupon, DateTime nowUtc) => new(coupon.Id, coupon.Code, coupon.Kind, coupon.Title,
        coupon.FaceValue, coupon.StatusAt(nowUtc), coupon.IssuedAt, coupon.ExpiresAt, coupon.UsedAt, coupon.UsedLineId, coupon.UsedVehicleId);
}

/// <summary>The shelf and the wallet, read with their ordering and counting done in the database.</summary>
public sealed class MallQueries(CarbonDbContext db, TimeProvider clock)
{
    public const int MaxWalletPage = 200;

    public async Task<IReadOnlyList<MallItemView>> GetShelfAsync(CancellationToken ct = default)
    {
        var now = Now;
        return await db.MallItems.AsNoTracking()
            .Where(MallItem.RedeemableAt(now))
            .OrderBy(i => i.PriceHundredths).ThenBy(i => i.Id)
            .Select(i => new MallItemView(i.Id, i.Kind, i.Title, i.Description, new Credits(i.PriceHundredths), new Fen(i.FaceValueFen),
                i.StockLeft, i.ValidDays, i.ValidUntil, i.MonthlyLimitPerCitizen, i.ImageUrl))
            .ToListAsync(ct);
    }

    /// <summary>Unused first (soonest expiry first), then Used (latest first), then Expired (latest first).</summary>
    public async Task<IReadOnlyList<CouponView>> GetWalletAsync(long accountId, int take = MaxWalletPage, CancellationToken ct = default)
    {
        var now = Now;
        var coupons = await db.Coupons.AsNoTracking()
            .Where(c => c.AccountId == accountId)
            .InWalletOrder(now)
            .Take(Math.Clamp(take, 1, MaxWalletPage))
            .ToListAsync(ct);
        return coupons.Select(c => CouponView.From(c, now)).ToList();
    }

    /// <summary>A coupon of this account's; someone else's coupon is not found.</summary>
    public async Task<CouponView?> FindCouponAsync(long accountId, long couponId, CancellationToken ct = default)
    {
        var coupon = await db.Coupons.AsNoTracking().SingleOrDefaultAsync(c => c.Id == couponId && c.AccountId == accountId, ct);
        return coupon is null ? null : CouponView.From(coupon, Now);
    }

    public Task<int> CountUnusedAsync(long accountId, CouponKind kind, CancellationToken ct = default)
    {
        var now = Now;
        return db.Coupons.Where(c => c.AccountId == accountId && c.Kind == kind).Where(CouponRules.UsableAt(now)).CountAsync(ct);
    }

    /// <summary>What the next ride will do: the coupon it will use (if any) and how many usable bus coupons there are.</summary>
    public async Task<NextRideCoupon> GetNextRideCouponAsync(long accountId, CancellationToken ct = default)
    {
        var usable = db.Coupons.AsNoTracking().UsableAtRide(accountId, Now);
        var next = await usable.Select(c => (long?)c.FaceValueFen).FirstOrDefaultAsync(ct);
        return new NextRideCoupon(next is { } fen ? new Fen(fen) : null, next is null ? 0 : await usable.CountAsync(ct));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <param name="FaceValue">The coupon the next ride will use, or null when it pays the full fare.</param>
public sealed record NextRideCoupon(Fen? FaceValue, int UsableCount);
