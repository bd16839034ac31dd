using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Projects;

namespace CarbonHuitong.Web.Components.Pages.Admin.Projects;

/// <summary>
/// What the "Fund a coupon batch" form holds. The checks here only give early, field-by-field messages;
/// <see cref="CouponBatch.Propose"/> and <see cref="ProjectService.FundBatchAsync"/> remain the authority.
/// </summary>
public sealed class BatchInput
{
    [Required(ErrorMessage = "Enter the coupon's face value."),
     Range(typeof(decimal), "0.01", "10000", ParseLimitsInInvariantCulture = true, ErrorMessage = "A face value is between ¥0.01 and ¥10,000."),
     AtMostTwoDecimals(ErrorMessage = "A face value in yuan has at most 2 decimals.")]
    public decimal? FaceValueYuan { get; set; }

    [Required(ErrorMessage = "Enter how many coupons the batch holds."),
     Range(1, CouponBatch.MaxQuantity, ErrorMessage = "A batch holds from 1 to 10,000,000 coupons.")]
    public int? Quantity { get; set; }

    [Required(ErrorMessage = "Enter the price in credits."),
     Range(typeof(decimal), "0.01", "1000000", ParseLimitsInInvariantCulture = true, ErrorMessage = "The price is between 0.01 and 1,000,000 credits."),
     AtMostTwoDecimals(ErrorMessage = "Credits have at most 2 decimals.")]
    public decimal? PriceCredits { get; set; }

    [Range(1, 3660, ErrorMessage = "A coupon is valid for 1 to 3,660 days."), ValidityGiven]
    public int? ValidDays { get; set; }

    /// <summary>The last China day a coupon can be used, as the date picker gives it.</summary>
    public DateTime? ValidThrough { get; set; }

    [Range(1, 1_000_000, ErrorMessage = "A monthly limit is at least 1 coupon (leave it empty for no limit).")]
    public int? MonthlyLimitPerCitizen { get; set; }

    /// <summary>Face value × quantity while both are sensible numbers; null while the form is still being filled in.</summary>
    public Fen? TotalFaceValue =>
        FaceValueYuan is { } yuan and > 0 and <= 10_000 && decimal.Round(yuan, 2) == yuan && Quantity is { } quantity and > 0 and <= CouponBatch.MaxQuantity
            ? Fen.FromYuan(yuan) * quantity
            : null;

    public BatchDraft ToDraft() => new(Fen.FromYuan(FaceValueYuan!.Value), Quantity!.Value, Credits.FromDecimal(PriceCredits!.Value), ValidDays,
        // Valid through that China day: the coupon ends at the next China midnight.
        ValidThrough is { } day ? PlatformTime.ChinaDateToUtc(DateOnly.FromDateTime(day).AddDays(1)) : null,
        MonthlyLimitPerCitizen);

    /// <summary>A coupon needs a validity: days after redemption, a fixed end date, or both.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class ValidityGivenAttribute : ValidationAttribute
    {
        protected override ValidationResult? IsValid(object? value, ValidationContext context) =>
            value is not null || context.ObjectInstance is BatchInput { ValidThrough: not null }
                ? ValidationResult.Success
                : new ValidationResult("Say how long a coupon is valid: days after redemption, a fixed end date, or both.",
                    context.MemberName is { } member ? [member] : null);
    }
}
