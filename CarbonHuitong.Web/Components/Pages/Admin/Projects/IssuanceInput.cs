using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core.Projects;

namespace CarbonHuitong.Web.Components.Pages.Admin.Projects;

/// <summary>What the issuance form holds: verified reductions are issued in whole tonnes.</summary>
public sealed class IssuanceInput
{
    [Required(ErrorMessage = "Enter the tonnes issued."), Range(1d, 100_000_000d, ErrorMessage = "Tonnes issued are a whole number from 1 to 100,000,000.")]
    public long? Tonnes { get; set; }

    [Required(ErrorMessage = "Enter the vintage year."), Range(2000, 2100, ErrorMessage = "The vintage is a year between 2000 and 2100.")]
    public int? Vintage { get; set; }

    [Required(ErrorMessage = "Give the certificate serial numbers."), StringLength(500, ErrorMessage = "Serial numbers are at most 500 characters.")]
    public string? SerialNumbers { get; set; }

    [Required(ErrorMessage = "Pick the day of issue.")]
    public DateTime? IssuedOn { get; set; }

    public IssuanceDraft ToDraft() => new(Tonnes!.Value, Vintage!.Value, SerialNumbers!, DateOnly.FromDateTime(IssuedOn!.Value));
}
