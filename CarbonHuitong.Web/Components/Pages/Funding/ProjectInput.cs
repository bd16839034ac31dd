using CarbonHuitong.Web.Components.Shared;
using System.ComponentModel.DataAnnotations;
using CarbonHuitong.Core.Funding;

namespace CarbonHuitong.Web.Components.Pages.Funding;

/// <summary>What the "Register a project" form holds; the domain checks the rest (e.g. the period's order).</summary>
public sealed class ProjectInput
{
    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.ProjectNameRequired))]
    [StringLength(EmissionProject.MaxNameLength, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.ProjectNameLength))]
    public string? Name { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.MethodologyRequired))]
    [StringLength(EmissionProject.MaxMethodologyLength, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.MethodologyLength))]
    public string? Methodology { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.ScenarioRequired))]
    [StringLength(EmissionProject.MaxScenarioLength, ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.ScenarioLength))]
    public string? Scenario { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PeriodStartRequired))]
    public DateTime? CreditingPeriodStart { get; set; }

    [Required(ErrorMessageResourceType = typeof(AdminValidation), ErrorMessageResourceName = nameof(AdminValidation.PeriodEndRequired))]
    public DateTime? CreditingPeriodEnd { get; set; }

    public ProjectDraft ToDraft() => new(Name!, Methodology!, Scenario!,
        DateOnly.FromDateTime(CreditingPeriodStart!.Value), DateOnly.FromDateTime(CreditingPeriodEnd!.Value));
}
