using CarbonHuitong.Web.Components.Shared;
using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Web.Components.Pages.Funding;

/// <summary>What the sale form holds; the price is in yuan as the carbon market quotes it.</summary>
public sealed class SaleInput
{
    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.SaleTonnesRequired))]
    [Range(1d, double.MaxValue, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.SaleTonnesRange))]
    public long? Tonnes { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PricePerTonneRequired))]
    [PricePerTonneYuan(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PricePerTonneRange))]
    [AtMostTwoDecimals(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.YuanDecimals))]
    public decimal? PricePerTonneYuan { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.BuyerRequired))]
    [StringLength(CarbonSale.MaxBuyerLength, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.BuyerLength))]
    public string? Buyer { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.SoldOnRequired))]
    public DateTime? SoldOn { get; set; }

    public SaleDraft ToDraft() => new(Tonnes!.Value, Fen.FromYuan(PricePerTonneYuan!.Value), Buyer!, DateOnly.FromDateTime(SoldOn!.Value));
}
