using CarbonHuitong.Web.Components.Shared;
using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Web.Components.Pages.Funding;

/// <summary>
/// What the "Fund a coupon batch" form holds. The checks here only give early, field-by-field messages (in the
/// request's culture, from <see cref="AdminValidation"/>); <c>CouponBatch.Propose</c> and
/// <see cref="CouponBatchService.FundAsync"/> remain the authority.
/// </summary>
public sealed class BatchInput
{
    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.FaceValueRequired))]
    [FaceValueYuan(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.FaceValueRange))]
    [AtMostTwoDecimals(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.FaceValueDecimals))]
    public decimal? FaceValueYuan { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.QuantityRequired))]
    [Range(1, CouponBatch.MaxQuantity, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.QuantityRange))]
    public int? Quantity { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PriceRequired))]
    [PriceCredits(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PriceRange))]
    [AtMostTwoDecimals(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.CreditsDecimals))]
    public decimal? PriceCredits { get; set; }

    [Range(1, CouponBatch.MaxValidDays, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.ValidDaysRange))]
    [ValidityGiven]
    public int? ValidDays { get; set; }

    /// <summary>The last China day a coupon can be used, as the date picker gives it.</summary>
    public DateTime? ValidThrough { get; set; }

    [Range(1, CouponBatch.MaxMonthlyLimit, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.MonthlyLimitRange))]
    public int? MonthlyLimitPerCitizen { get; set; }

    /// <summary>Face value × quantity while both are sensible numbers; null while the form is still being filled in.</summary>
    public Fen? TotalFaceValue =>
        FaceValueYuan is { } yuan and > 0 && yuan <= CouponBatch.MaxFaceValue.Yuan && decimal.Round(yuan, 2) == yuan && Quantity is { } quantity and > 0 and <= CouponBatch.MaxQuantity
            ? Fen.FromYuan(yuan) * quantity
            : null;

    public BatchDraft ToDraft() => new(Fen.FromYuan(FaceValueYuan!.Value), Quantity!.Value, Credits.FromDecimal(PriceCredits!.Value), ValidDays,
        ValidThrough is { } day ? PlatformTime.EndOfChinaDay(DateOnly.FromDateTime(day)) : null,
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
