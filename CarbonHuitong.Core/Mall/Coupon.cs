using System.Security.Cryptography;

namespace CarbonHuitong.Core.Mall;

public enum CouponStatus
{
    Unused,
    Used,
    Expired,
}

/// <summary>
/// A coupon in a citizen's wallet. Only Unused and Used are stored: a coupon is Expired by reading it
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
    public string Title { get; private set; } = "";
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

    public CouponStatus StatusAt(DateTime nowUtc) => Status == CouponStatus.Unused && ExpiresAt <= nowUtc ? CouponStatus.Expired : Status;

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

public static class CouponQueryRules
{
    /// <summary>The bus coupons a ride may use, in the order a ride uses them: soonest expiry first.</summary>
    public static IQueryable<Coupon> UsableAtRide(this IQueryable<Coupon> coupons, long accountId, DateTime nowUtc) =>
        coupons
            .Where(c => c.AccountId == accountId && c.Status == CouponStatus.Unused && c.Kind == CouponKind.BusCoupon && c.ExpiresAt > nowUtc)
            .OrderBy(c => c.ExpiresAt).ThenBy(c => c.Id);
}
