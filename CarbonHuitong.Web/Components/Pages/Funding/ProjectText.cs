using System.Globalization;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Pages.Funding;

/// <summary>How project values read on the owner's pages, in the request's culture.</summary>
public static class ProjectText
{
    public static string Day(DateOnly day) => LedgerText.Date(day);

    public static string Period(ProjectSummary project) =>
        string.Format(CultureInfo.CurrentCulture, AdminText.Get("{0} – {1}"), Day(project.CreditingPeriodStart), Day(project.CreditingPeriodEnd));

    public static string Count(long count) => count.ToString("#,0", CultureInfo.CurrentCulture);

    public static string Tonnes(long tonnes) => string.Format(CultureInfo.CurrentCulture, AdminText.Get("{0} t"), Count(tonnes));
}
