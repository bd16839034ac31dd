using System.Globalization;
using System.Text.Json;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>Where a notification leads: a page of the app and the words on its link.</summary>
public sealed record NotificationLink(string Href, string Label);

/// <summary>
/// A notification's text, written when it is read, in the reader's language (the request's culture), from the figures
/// it keeps: credits, a face value in fen, a China date, a partner's code (named in the reader's language).
/// </summary>
public static class NotificationText
{
    /// <summary>"credits-expiring", "coupon-used": the kind as the API names it.</summary>
    public static string KindName(NotificationKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    public static string For(NotificationView notification, PartnerNames partners)
    {
        var credits = notification.Credits is { } amount ? LedgerText.CreditsAmount(amount) : "";
        var coupon = notification.FaceValue is { } faceValue ? MoneyText.Yuan(faceValue) : "";
        var day = notification.Day is { } date ? LedgerText.Date(date) : "";
        var partner = PartnerName(notification.Subject, partners);
        var detail = notification.Detail;
        return notification.Kind switch
        {
            NotificationKind.CreditsExpiring => Format("{0} credits expire on {1}: spend them before then.", credits, day),
            NotificationKind.CouponExpiring => Format("Your {0} coupon expires on {1}: use it before then.", coupon, day),
            NotificationKind.CouponUsed => detail is null
                ? Format("Your {0} coupon was used for a ride.", coupon)
                : Format("Your {0} coupon was used for a ride on line {1}.", coupon, detail),
            NotificationKind.PendingConfirmed => partner is null
                ? Format("{0} pending credits are confirmed and ready to spend.", credits)
                : Format("{0} pending credits from {1} are confirmed and ready to spend.", credits, partner),
            NotificationKind.PendingReversed => partner is null
                ? Format("{0} pending credits were reversed: the act was cancelled.", credits)
                : Format("{0} pending credits from {1} were reversed: the act was cancelled.", credits, partner),
            NotificationKind.PartnerLinked => Format("Your account is linked with {0}: your green acts there now earn credits.", partner ?? ""),
            NotificationKind.PartnerRevoked => Format("You withdrew {0}'s consent: it can no longer report your acts.", partner ?? ""),
            NotificationKind.ClaimApproved => WithReason(notification.Credits is null
                ? CitizenText.Get("Your claim was approved.")
                : Format("Your claim was approved: {0} credits were added.", credits), detail),
            NotificationKind.ClaimRejected => WithReason(CitizenText.Get("Your claim was rejected."), detail),
            NotificationKind.AccountFrozen => WithReason(CitizenText.Get("Your account is frozen: earning and redeeming are paused."), detail),
            NotificationKind.AccountUnfrozen => CitizenText.Get("Your account is no longer frozen: you can earn and redeem again."),
            _ => notification.Kind.ToString(),
        };
    }

    /// <summary>The page that lets the citizen act on it; null when there is nothing to do.</summary>
    public static NotificationLink? LinkFor(NotificationKind kind) => kind switch
    {
        NotificationKind.CreditsExpiring => new("mall", CitizenText.Get("Go to the points mall")),
        NotificationKind.CouponExpiring or NotificationKind.CouponUsed => new("coupons", CitizenText.Get("My coupons")),
        NotificationKind.PendingConfirmed or NotificationKind.PendingReversed or NotificationKind.ClaimApproved
            => new("ledger", CitizenText.Get("My carbon ledger")),
        NotificationKind.PartnerLinked or NotificationKind.PartnerRevoked => new("scenarios", CitizenText.Get("My scenarios")),
        _ => null,
    };

    private static string? PartnerName(string? code, PartnerNames partners) =>
        code is null ? null : partners.ByCode.TryGetValue(code, out var names) ? LedgerText.PartnerName(names.Zh, names.En) : code;

    private static string WithReason(string sentence, string? reason) =>
        reason is null ? sentence : OfferText.Sentences(sentence, Format("Reason: {0}", reason));

    private static string Format(string key, params object[] values) => string.Format(CultureInfo.CurrentCulture, CitizenText.Get(key), values);
}
