using CarbonHuitong.Web.Components.Shared;
using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core.Funding;

namespace CarbonHuitong.Web.Components.Pages.Funding;

/// <summary>What the issuance form holds: verified reductions are issued in whole tonnes.</summary>
public sealed class IssuanceInput
{
    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.IssuedTonnesRequired))]
    [Range(1d, ReductionIssuance.MaxTonnes, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.IssuedTonnesRange))]
    public long? Tonnes { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.VintageRequired))]
    [Range(ReductionIssuance.FirstVintage, ReductionIssuance.LastVintage, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.VintageRange))]
    public int? Vintage { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.SerialNumbersRequired))]
    [StringLength(ReductionIssuance.MaxSerialNumbersLength, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.SerialNumbersLength))]
    public string? SerialNumbers { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.IssuedOnRequired))]
    public DateTime? IssuedOn { get; set; }

    public IssuanceDraft ToDraft() => new(Tonnes!.Value, Vintage!.Value, SerialNumbers!, DateOnly.FromDateTime(IssuedOn!.Value));
}
