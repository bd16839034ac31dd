using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Core.Funding;

/// <summary>A sale of a project's verified reductions on the carbon market. Its revenue funds coupons.</summary>
public sealed class CarbonSale
{
    public const int MaxBuyerLength = 200;

    /// <summary>Far above any carbon market's price, and with <see cref="ReductionIssuance.MaxTonnes"/> a sale stays inside a long.</summary>
    public static readonly Fen MaxPricePerTonne = Fen.FromYuan(100_000m);

    private CarbonSale() { }

    public long Id { get; private set; }
    public long ProjectId { get; private set; }
    public long Tonnes { get; private set; }
    public long PricePerTonneFen { get; private set; }
    public long RevenueFen { get; private set; }
    public string Buyer { get; private set; } = "";
    public DateOnly SoldOn { get; private set; }
    public DateTime RecordedAt { get; private set; }

    internal static CarbonSale Record(long projectId, long tonnes, Fen pricePerTonne, string buyer, DateOnly soldOn, DateTime nowUtc)
    {
        if (tonnes <= 0) throw new DomainException(ErrorCodes.BadRequest, "Tonnes sold must be at least 1.");
        if (pricePerTonne <= Fen.Zero || pricePerTonne > MaxPricePerTonne)
            throw new DomainException(ErrorCodes.InvalidAmount, $"The price per tonne must be between ¥0.01 and {MaxPricePerTonne}.");
        return new CarbonSale
        {
            ProjectId = projectId, Tonnes = tonnes, PricePerTonneFen = pricePerTonne.Value, RevenueFen = checked(tonnes * pricePerTonne.Value),
            Buyer = DomainText.Require(buyer, "buyer", MaxBuyerLength), SoldOn = soldOn, RecordedAt = nowUtc,
        };
    }
}
