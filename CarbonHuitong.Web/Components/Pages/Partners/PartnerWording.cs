using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Pages.Partners;

/// <summary>How partners' states and their events' outcomes read on the administrators' pages.</summary>
public static class PartnerWording
{
    public static string Status(PartnerStatus status) => status switch
    {
        PartnerStatus.Active => AdminText.Get("Active"),
        PartnerStatus.Suspended => AdminText.Get("Suspended"),
        _ => status.ToString(),
    };

    /// <summary>An outcome and its code as one label: "Accepted in full", "Accepted up to the daily cap", "Refused: not linked".</summary>
    public static string Outcome(PartnerEventStatus status, string code) => (status, code) switch
    {
        (PartnerEventStatus.Accepted, PartnerEventCodes.DailyCap) => AdminText.Get("Accepted up to the daily cap"),
        (PartnerEventStatus.Accepted, _) => AdminText.Get("Accepted in full"),
        (PartnerEventStatus.Duplicate, _) => AdminText.Get("Duplicate"),
        _ => string.Format(System.Globalization.CultureInfo.CurrentCulture, AdminText.Get("Refused: {0}"), Reason(code)),
    };

    public static string Reason(string code) => code switch
    {
        PartnerEventCodes.BadEvent => AdminText.Get("malformed event"),
        PartnerEventCodes.NotLinked => AdminText.Get("not linked"),
        PartnerEventCodes.ConsentRevoked => AdminText.Get("consent revoked"),
        PartnerEventCodes.AccountFrozen => AdminText.Get("account frozen"),
        PartnerEventCodes.BehaviourNotAllowed => AdminText.Get("behaviour not allowed"),
        PartnerEventCodes.TooOld => AdminText.Get("too old"),
        PartnerEventCodes.InFuture => AdminText.Get("in the future"),
        PartnerEventCodes.BadQuantity => AdminText.Get("bad quantity"),
        PartnerEventCodes.DailyCap => AdminText.Get("over the daily cap"),
        PartnerEventCodes.CountedElsewhere => AdminText.Get("counted elsewhere"),
        _ => code,
    };

    /// <summary>"72 hours (3 days)", "24 hours (1 day)", "36 hours", "1 hour".</summary>
    public static string PendingWindow(int hours)
    {
        var key = hours switch
        {
            1 => "{0} hour",
            24 => "{0} hours (1 day)",
            _ when hours % 24 == 0 => "{0} hours ({1} days)",
            _ => "{0} hours",
        };
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        return string.Format(culture, AdminText.Get(key), hours.ToString("#,0", culture), hours / 24);
    }

    /// <summary>The behaviours' names in the reader's language, in the methodology's order; an unknown code as it is.</summary>
    public static string Behaviours(IReadOnlyCollection<string> codes, IReadOnlyList<GreenBehaviour> methodology) =>
        string.Join(Localization.IsChinese ? "、" : ", ", methodology.Where(b => codes.Contains(b.Code)).Select(LedgerText.BehaviourName)
            .Concat(codes.Where(c => methodology.All(b => b.Code != c))));
}
