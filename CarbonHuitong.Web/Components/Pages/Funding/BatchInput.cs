using CarbonHuitong.Web.Components.Shared;
using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;

namespace CarbonHuitong.Web.Components.Pages.Funding;

/// <summary>
/// What the "Fund a coupon batch" form holds. The checks here only give early, field-by-field messages (in the
/// request's culture, from <see cref="AdminValidation"/>); <see cref="CouponBatch.Propose"/> and
/// <see cref="ProjectService.FundBatchAsync"/> remain the authority.
/// </summary>
public sealed class BatchInput
{
    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.FaceValueRequired))]
    [Range(typeof(decimal), "0.01", "10000", ParseLimitsInInvariantCulture = true,
        ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.FaceValueRange))]
    [AtMostTwoDecimals(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.FaceValueDecimals))]
    public decimal? FaceValueYuan { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.QuantityRequired))]
    [Range(1, CouponBatch.MaxQuantity, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.QuantityRange))]
    public int? Quantity { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PriceRequired))]
    [Range(typeof(decimal), "0.01", "1000000", ParseLimitsInInvariantCulture = true,
        ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PriceRange))]
    [AtMostTwoDecimals(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.CreditsDecimals))]
    public decimal? PriceCredits { get; set; }

    [Range(1, 3660, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.ValidDaysRange))]
    [ValidityGiven]
    public int? ValidDays { get; set; }

    /// <summary>The last China day a coupon can be used, as the date picker gives it.</summary>
    public DateTime? ValidThrough { get; set; }

    [Range(1, 1_000_000, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.MonthlyLimitRange))]
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
                : new ValidationResult(AdminValidation.ValidityGiven, context.MemberName is { } member ? [member] : null);
    }
}
