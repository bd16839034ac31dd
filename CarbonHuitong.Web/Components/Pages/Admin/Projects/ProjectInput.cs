using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core.Projects;

namespace CarbonHuitong.Web.Components.Pages.Admin.Projects;

/// <summary>What the "Register a project" form holds; the domain checks the rest (e.g. the period's order).</summary>
public sealed class ProjectInput
{
    [Required(ErrorMessage = "Give the project a name."), StringLength(200, ErrorMessage = "A name is at most 200 characters.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Name the methodology (e.g. CQCER-001)."), StringLength(200, ErrorMessage = "At most 200 characters.")]
    public string? Methodology { get; set; }

    [Required(ErrorMessage = "Describe the scenario (e.g. bus travel instead of private cars)."), StringLength(500, ErrorMessage = "At most 500 characters.")]
    public string? Scenario { get; set; }

    [Required(ErrorMessage = "Pick the first day of the crediting period.")]
    public DateTime? CreditingPeriodStart { get; set; }

    [Required(ErrorMessage = "Pick the last day of the crediting period.")]
    public DateTime? CreditingPeriodEnd { get; set; }

    public ProjectDraft ToDraft() => new(Name!, Methodology!, Scenario!,
        DateOnly.FromDateTime(CreditingPeriodStart!.Value), DateOnly.FromDateTime(CreditingPeriodEnd!.Value));
}
