using System.Globalization;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Resources;
using MudBlazor;

namespace CarbonHuitong.Web.Components.Pages.Claims;

/// <summary>How claims read, to the citizen who filed them and to the administrators who decide them.</summary>
public static class ClaimWording
{
    public static string Kind(ClaimKind kind) => kind switch
    {
        ClaimKind.MissingRide => CitizenText.Get("Missing bus ride"),
        ClaimKind.MissingEvent => CitizenText.Get("Missing green act"),
        ClaimKind.Appeal => CitizenText.Get("Appeal of a partner's answer"),
        _ => kind.ToString(),
    };

    public static string Status(ClaimStatus status) => status switch
    {
        ClaimStatus.Open => CitizenText.Get("Claim being checked"),
        ClaimStatus.Approved => CitizenText.Get("Claim approved"),
        ClaimStatus.Rejected => CitizenText.Get("Claim rejected"),
        _ => status.ToString(),
    };

    public static Color StatusColor(ClaimStatus status) => status switch
    {
        ClaimStatus.Approved => Color.Success,
        ClaimStatus.Rejected => Color.Error,
        _ => Color.Info,
    };

    /// <summary>What the platform had answered an appealed event: "counted elsewhere", "over the daily cap".</summary>
    public static string? Appealed(string? code) => code switch
    {
        null => null,
        PartnerEventCodes.CountedElsewhere => CitizenText.Get("counted from another source"),
        PartnerEventCodes.DailyCap => CitizenText.Get("credited only up to the daily cap"),
        _ => code,
    };

    /// <summary>"Approved: 1.10 credits added." or the status alone.</summary>
    public static string Outcome(ClaimView claim) => claim.Granted is { } granted
        ? string.Format(CultureInfo.CurrentCulture, CitizenText.Get("{0}: {1} credits added."), Status(claim.Status), LedgerText.CreditsAmount(granted))
        : Status(claim.Status);
}
