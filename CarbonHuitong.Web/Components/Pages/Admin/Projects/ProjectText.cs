using System.Globalization;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Projects;

namespace CarbonHuitong.Web.Components.Pages.Admin.Projects;

/// <summary>How project values read on the owner's pages.</summary>
public static class ProjectText
{
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Period(ProjectSummary project) => $"{Day(project.CreditingPeriodStart)} – {Day(project.CreditingPeriodEnd)}";

    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Tonnes(long tonnes) => Count(tonnes) + " t";

    public static string StatusName(BatchStatus status) => status switch
    {
        BatchStatus.Draft => "Draft",
        BatchStatus.Submitted => "Awaiting review",
        BatchStatus.Listed => "On the shelf",
        BatchStatus.Rejected => "Rejected",
        BatchStatus.Delisted => "Delisted",
        _ => status.ToString(),
    };
}
