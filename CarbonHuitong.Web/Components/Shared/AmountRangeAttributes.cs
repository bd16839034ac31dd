using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// A range of yuan or credits up to a limit Core states as <see cref="Fen"/> or <see cref="Core.Ledger.Credits"/>: those are not
/// compile-time constants, so a plain <see cref="RangeAttribute"/> cannot name them.
/// </summary>
public abstract class AmountRangeAttribute : RangeAttribute
{
    protected AmountRangeAttribute(decimal minimum, decimal maximum)
        : base(typeof(decimal), minimum.ToString(CultureInfo.InvariantCulture), maximum.ToString(CultureInfo.InvariantCulture)) =>
        ParseLimitsInInvariantCulture = true;
}

/// <summary>The smallest amount is one fen, or one hundredth of a credit.</summary>
public sealed class FaceValueYuanAttribute() : AmountRangeAttribute(0.01m, CouponBatch.MaxFaceValue.Yuan);

public sealed class PriceCreditsAttribute() : AmountRangeAttribute(0.01m, CouponBatch.MaxPrice.Value);

public sealed class PricePerTonneYuanAttribute() : AmountRangeAttribute(0.01m, CarbonSale.MaxPricePerTonne.Yuan);

/// <summary>A ride may be free.</summary>
public sealed class FareYuanAttribute() : AmountRangeAttribute(0m, new Fen(Ride.MaxFareFen).Yuan);
