namespace CarbonHuitong.Core.Mall;

/// <summary>A quantity of coupons of one face value, paid for by a project's carbon-market revenue.</summary>
public sealed class CouponBatch
{
    private CouponBatch() { }

    public long Id { get; private set; }
    public long ProjectId { get; private set; }
    public long FaceValueFen { get; private set; }
    public int Quantity { get; private set; }
    public DateTime FundedAt { get; private set; }

    public Fen FaceValue => new(FaceValueFen);
    public Fen TotalFaceValue => new(FaceValueFen * Quantity);

    public static CouponBatch Fund(long projectId, Fen faceValue, int quantity, DateTime fundedAtUtc)
    {
        if (faceValue <= Fen.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "A coupon's face value must be more than zero.");
        if (quantity <= 0) throw new DomainException(ErrorCodes.BadRequest, "A batch holds at least one coupon.");
        return new CouponBatch { ProjectId = projectId, FaceValueFen = faceValue.Value, Quantity = quantity, FundedAt = fundedAtUtc };
    }
}
