using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Funding;

public enum BatchStatus
{
    /// <summary>Funded by a project owner, not yet sent to the mall.</summary>
    Draft,
    Submitted,
    Listed,
    Rejected,
    Delisted,
}

/// <summary>
/// A quantity of coupons of one face value, paid for by a project's carbon-market revenue, with the terms the
/// project owner offers them on. It goes from proposal to the shelf only through <see cref="CouponBatchService"/>:
/// proposed (a draft), submitted, then listed or rejected by a mall administrator, and perhaps delisted and listed again.
/// </summary>
public sealed class CouponBatch
{
    public const int MaxQuantity = 10_000_000;
    public const int MaxValidDays = 3660;
    public const int MaxMonthlyLimit = 1_000_000;
    public const int MaxRejectionReasonLength = 500;

    /// <summary>With at most <see cref="MaxQuantity"/> coupons, a batch's total stays far inside a long.</summary>
    public static readonly Fen MaxFaceValue = Fen.FromYuan(10_000m);

    public static readonly Credits MaxPrice = Credits.FromDecimal(1_000_000m);

    private CouponBatch() { }

    public long Id { get; private set; }
    public long ProjectId { get; private set; }
    public long FaceValueFen { get; private set; }
    public int Quantity { get; private set; }
    public DateTime FundedAt { get; private set; }
    public long PriceHundredths { get; private set; }
    public int? ValidDays { get; private set; }

    /// <summary>The instant coupons stop being valid (exclusive); see <see cref="PlatformTime.EndOfChinaDay"/>.</summary>
    public DateTime? ValidUntil { get; private set; }
    public int? MonthlyLimitPerCitizen { get; private set; }
    public BatchStatus Status { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? RejectionReason { get; private set; }

    public Credits Price => new(PriceHundredths);
    public Fen FaceValue => new(FaceValueFen);
    public Fen TotalFaceValue => new(FaceValueFen * Quantity);

    /// <summary>The terms citizens redeem this batch's coupons on, as the mall keeps them.</summary>
    public CouponTerms Terms => new(CouponKind.BusCoupon, FaceValue, Price, Quantity, ValidDays, ValidUntil, MonthlyLimitPerCitizen);

    /// <summary>A project owner funds a batch and sets the terms citizens will redeem it on. It starts as a draft.</summary>
    internal static CouponBatch Propose(long projectId, Fen faceValue, int quantity, Credits price, int? validDays, DateTime? validUntilUtc,
        int? monthlyLimitPerCitizen, DateTime nowUtc)
    {
        if (faceValue <= Fen.Zero || faceValue > MaxFaceValue)
            throw new DomainException(ErrorCodes.InvalidAmount, $"A coupon's face value is more than zero and at most {MaxFaceValue}.");
        if (quantity is <= 0 or > MaxQuantity) throw new DomainException(ErrorCodes.BadRequest, $"A batch holds from 1 to {MaxQuantity:#,0} coupons.");
        if (price <= Credits.Zero || price > MaxPrice)
            throw new DomainException(ErrorCodes.InvalidAmount, $"The price is more than zero and at most {MaxPrice.Value:#,0} credits.");
        if (validDays is null && validUntilUtc is null)
            throw new DomainException(ErrorCodes.BadRequest, "Say how long a coupon is valid: days after redemption or a fixed end date.");
        if (validDays is <= 0 or > MaxValidDays) throw new DomainException(ErrorCodes.BadRequest, $"A coupon is valid for 1 to {MaxValidDays:#,0} days.");
        if (validUntilUtc is { } until && until <= nowUtc) throw new DomainException(ErrorCodes.BadRequest, "The end date must be in the future.");
        if (monthlyLimitPerCitizen is <= 0 or > MaxMonthlyLimit)
            throw new DomainException(ErrorCodes.BadRequest, $"A monthly limit is from 1 to {MaxMonthlyLimit:#,0}.");
        return new CouponBatch
        {
            ProjectId = projectId,
            FaceValueFen = faceValue.Value,
            Quantity = quantity,
            FundedAt = nowUtc,
            PriceHundredths = price.Hundredths,
            ValidDays = validDays,
            ValidUntil = validUntilUtc,
            MonthlyLimitPerCitizen = monthlyLimitPerCitizen,
            Status = BatchStatus.Draft,
        };
    }

    /// <summary>Rejected batches give their face value back to the project's unallocated revenue.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<CouponBatch, bool>> HoldsRevenue = b => b.Status != BatchStatus.Rejected;

    internal void Submit(DateTime nowUtc)
    {
        if (Status != BatchStatus.Draft) throw new DomainException(ErrorCodes.InvalidState, "Only a draft batch can be submitted.");
        Status = BatchStatus.Submitted;
        SubmittedAt = nowUtc;
    }

    internal void MarkListed(DateTime nowUtc)
    {
        if (Status != BatchStatus.Submitted) throw new DomainException(ErrorCodes.InvalidState, "Only a submitted batch can be listed.");
        Status = BatchStatus.Listed;
        ReviewedAt = nowUtc;
    }

    internal void Reject(string reason, DateTime nowUtc)
    {
        if (Status != BatchStatus.Submitted) throw new DomainException(ErrorCodes.InvalidState, "Only a submitted batch can be rejected.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxRejectionReasonLength)
            throw new DomainException(ErrorCodes.BadRequest, $"Give the project owner a reason (up to {MaxRejectionReasonLength} characters).");
        Status = BatchStatus.Rejected;
        RejectionReason = reason.Trim();
        ReviewedAt = nowUtc;
    }

    internal void MarkDelisted()
    {
        if (Status != BatchStatus.Listed) throw new DomainException(ErrorCodes.InvalidState, "Only a listed batch can be delisted.");
        Status = BatchStatus.Delisted;
    }

    /// <summary>A delisted batch goes back on the shelf; its face value never left it, so there is nothing to fund again.</summary>
    internal void MarkRelisted()
    {
        if (Status != BatchStatus.Delisted) throw new DomainException(ErrorCodes.InvalidState, "Only a delisted batch can be listed again.");
        Status = BatchStatus.Listed;
    }
}
