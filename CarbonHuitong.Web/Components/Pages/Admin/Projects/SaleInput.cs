using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Projects;

namespace CarbonHuitong.Web.Components.Pages.Admin.Projects;

/// <summary>What the sale form holds; the price is in yuan as the carbon market quotes it.</summary>
public sealed class SaleInput
{
    [Required(ErrorMessage = "Enter the tonnes sold."), Range(1d, double.MaxValue, ErrorMessage = "Tonnes sold are a whole number, at least 1.")]
    public long? Tonnes { get; set; }

    [Required(ErrorMessage = "Enter the price per tonne."),
     Range(typeof(decimal), "0.01", "100000", ParseLimitsInInvariantCulture = true, ErrorMessage = "The price per tonne is between ¥0.01 and ¥100,000."),
     AtMostTwoDecimals(ErrorMessage = "A price in yuan has at most 2 decimals.")]
    public decimal? PricePerTonneYuan { get; set; }

    [Required(ErrorMessage = "Name the buyer."), StringLength(200, ErrorMessage = "A buyer's name is at most 200 characters.")]
    public string? Buyer { get; set; }

    [Required(ErrorMessage = "Pick the day of the sale.")]
    public DateTime? SoldOn { get; set; }

    public SaleDraft ToDraft() => new(Tonnes!.Value, Fen.FromYuan(PricePerTonneYuan!.Value), Buyer!, DateOnly.FromDateTime(SoldOn!.Value));
}
