using System.Linq.Expressions;
using CarbonHuitong.Core.Persistence;
using System.Security.Cryptography;

namespace CarbonHuitong.Core.Mall;

public enum CouponStatus
{
    Unused,
    Used,
    Expired,

    /// <summary>Stored: an unused coupon whose account was closed, its price given back by a Void entry.</summary>
    Voided,
}

/// <summary>
/// A coupon in a citizen's wallet. Only Unused, Used and Voided are stored: a coupon is Expired by reading it
/// after its expiry, so no job has to run for it to stop working.
/// </summary>
public sealed class Coupon
{
    // Crockford's base32 without I, L, O, U: easy to read aloud, 80 bits in 16 characters.
    private const string CodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int CodeLength = 16;

    private Coupon() { }

    public long Id { get; private set; }
    public string Code { get; private set; } = "";
    public long AccountId { get; private set; }
    public long MallItemId { get; private set; }
    public CouponKind Kind { get; private set; }
    /// <summary>The shelf item's title when the coupon was issued, in both languages.</summary>
    public BilingualText Title { get; private set; } = BilingualText.Empty;
    public long FaceValueFen { get; private set; }
    public DateTime IssuedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public CouponStatus Status { get; private set; }
    public DateTime? UsedAt { get; private set; }
    public string? UsedLineId { get; private set; }
    public string? UsedVehicleId { get; private set; }

    /// <summary>The client's id for the redemption that issued this coupon; a retry with it gets this coupon back.</summary>
    public string RequestId { get; private set; } = "";
    public long SpendEntryId { get; private set; }

    public Fen FaceValue => new(FaceValueFen);

    public CouponStatus StatusAt(DateTime nowUtc) => CouponRules.IsExpiredAt(this, nowUtc) ? CouponStatus.Expired : Status;

    public static string NewCode() => RandomNumberGenerator.GetString(CodeAlphabet, CodeLength);

    internal static Coupon Issue(string code, long accountId, MallItem item, string requestId, long spendEntryId, DateTime issuedAtUtc) => new()
    {
        Code = code,
        AccountId = accountId,
        MallItemId = item.Id,
        Kind = item.Kind,
        Title = item.Title,
        FaceValueFen = item.FaceValueFen,
        IssuedAt = issuedAtUtc,
        ExpiresAt = item.CouponExpiryFor(issuedAtUtc),
        Status = CouponStatus.Unused,
        RequestId = requestId,
        SpendEntryId = spendEntryId,
    };
}

/// <summary>
/// The one rule for a coupon's expiry: it is expired once it is unused at its expiry instant, and nothing is stored
/// for it. Queries take it as an expression, so the database applies it; <see cref="Coupon.StatusAt"/> applies it in memory.
/// </summary>
public static class CouponRules
{
    private static readonly Expression<Func<Coupon, DateTime, bool>> Expired = (c, now) => c.Status == CouponStatus.Unused && c.ExpiresAt <= now;
    private static readonly Func<Coupon, DateTime, bool> ExpiredInMemory = Expired.Compile();

    public static Expression<Func<Coupon, bool>> ExpiredAt(DateTime nowUtc) => Expired.Bind(nowUtc);

    public static Expression<Func<Coupon, bool>> UsableAt(DateTime nowUtc) => c => c.Status == CouponStatus.Unused && c.ExpiresAt > nowUtc;

    /// <summary>The wallet's order: usable first (soonest expiry first), then used, then expired (latest first).</summary>
    public static IQueryable<Coupon> InWalletOrder(this IQueryable<Coupon> coupons, DateTime nowUtc) =>
        coupons
            .OrderBy(c => c.Status == CouponStatus.Used ? 1 : c.ExpiresAt <= nowUtc ? 2 : 0)
            .ThenBy(c => c.Status == CouponStatus.Unused && c.ExpiresAt > nowUtc ? c.ExpiresAt : DateTime.MinValue)
            .ThenByDescending(c => c.UsedAt ?? c.ExpiresAt)
            .ThenByDescending(c => c.Id);

    /// <summary>The bus coupons a ride may use, in the order a ride uses them: soonest expiry first.</summary>
    public static IQueryable<Coupon> UsableAtRide(this IQueryable<Coupon> coupons, long accountId, DateTime nowUtc) =>
        coupons
            .Where(c => c.AccountId == accountId && c.Kind == CouponKind.BusCoupon)
            .Where(UsableAt(nowUtc))
            .OrderBy(c => c.ExpiresAt).ThenBy(c => c.Id);

    internal static bool IsExpiredAt(Coupon coupon, DateTime nowUtc) => ExpiredInMemory(coupon, nowUtc);
}
