using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;

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
/// project owner offers them on. A mall administrator lists it on the shelf or rejects it.
/// </summary>
public sealed class CouponBatch
{
    private CouponBatch() { }

    public long Id { get; private set; }
    public long ProjectId { get; private set; }
    public long FaceValueFen { get; private set; }
    public int Quantity { get; private set; }
    public DateTime FundedAt { get; private set; }
    public long PriceHundredths { get; private set; }
    public int? ValidDays { get; private set; }
    public DateTime? ValidUntil { get; private set; }
    public int? MonthlyLimitPerCitizen { get; private set; }
    public BatchStatus Status { get; private set; }
    public DateTime? SubmittedAt { get; private set; }
    public DateTime? ReviewedAt { get; private set; }
    public string? RejectionReason { get; private set; }

    /// <summary>Rejected batches give their face value back to the project's unallocated revenue.</summary>
    public bool HoldsRevenue => Status != BatchStatus.Rejected;

    public Credits Price => new(PriceHundredths);

    public Fen FaceValue => new(FaceValueFen);
    public Fen TotalFaceValue => new(FaceValueFen * Quantity);

    public static CouponBatch Fund(long projectId, Fen faceValue, int quantity, DateTime fundedAtUtc)
    {
        if (faceValue <= Fen.Zero || faceValue > MaxFaceValue)
            throw new DomainException(ErrorCodes.InvalidAmount, $"A coupon's face value is more than zero and at most {MaxFaceValue}.");
        if (quantity <= 0) throw new DomainException(ErrorCodes.BadRequest, "A batch holds at least one coupon.");
        return new CouponBatch
        {
            ProjectId = projectId, FaceValueFen = faceValue.Value, Quantity = quantity, FundedAt = fundedAtUtc, Status = BatchStatus.Listed,
        };
    }

    /// <summary>A project owner funds a batch and sets the terms citizens will redeem it on. It starts as a draft.</summary>
    public static CouponBatch Propose(long projectId, Fen faceValue, int quantity, Credits price, int? validDays, DateTime? validUntilUtc,
        int? monthlyLimitPerCitizen, DateTime nowUtc)
    {
        var batch = Fund(projectId, faceValue, quantity, nowUtc);
        if (quantity > MaxQuantity) throw new DomainException(ErrorCodes.BadRequest, $"A batch holds at most {MaxQuantity:#,0} coupons.");
        if (price <= Credits.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "The price must be more than zero credits.");
        if (validDays is null && validUntilUtc is null)
            throw new DomainException(ErrorCodes.BadRequest, "Say how long a coupon is valid: days after redemption or a fixed end date.");
        if (validDays is <= 0 or > 3660) throw new DomainException(ErrorCodes.BadRequest, "A coupon is valid for 1 to 3,660 days.");
        if (validUntilUtc is { } until && until <= nowUtc) throw new DomainException(ErrorCodes.BadRequest, "The end date must be in the future.");
        if (monthlyLimitPerCitizen is <= 0) throw new DomainException(ErrorCodes.BadRequest, "A monthly limit is at least one.");
        batch.Status = BatchStatus.Draft;
        batch.PriceHundredths = price.Hundredths;
        batch.ValidDays = validDays;
        batch.ValidUntil = validUntilUtc;
        batch.MonthlyLimitPerCitizen = monthlyLimitPerCitizen;
        return batch;
    }

    public const int MaxQuantity = 10_000_000;

    /// <summary>With at most <see cref="MaxQuantity"/> coupons, a batch's total stays far inside a long.</summary>
    public static readonly Fen MaxFaceValue = Fen.FromYuan(10_000m);

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
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
            throw new DomainException(ErrorCodes.BadRequest, "Give the project owner a reason (up to 500 characters).");
        Status = BatchStatus.Rejected;
        RejectionReason = reason.Trim();
        ReviewedAt = nowUtc;
    }

    internal void MarkDelisted()
    {
        if (Status != BatchStatus.Listed) throw new DomainException(ErrorCodes.InvalidState, "Only a listed batch can be delisted.");
        Status = BatchStatus.Delisted;
    }
}
