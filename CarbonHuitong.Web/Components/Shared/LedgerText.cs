using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>How ledger values read on a page.</summary>
public static class LedgerText
{
    public static string CategoryName(BehaviourCategory category) => category switch
    {
        BehaviourCategory.Clothing => CitizenText.Get("Clothing"),
        BehaviourCategory.Food => CitizenText.Get("Food"),
        BehaviourCategory.Housing => CitizenText.Get("Housing"),
        BehaviourCategory.Transport => CitizenText.Get("Green travel"),
        BehaviourCategory.Use => CitizenText.Get("Everyday use"),
        BehaviourCategory.Office => CitizenText.Get("Office"),
        BehaviourCategory.DigitalFinance => CitizenText.Get("Digital finance"),
        _ => category.ToString(),
    };

    public static string UnitName(BehaviourUnit unit, decimal quantity = 1) => unit switch
    {
        BehaviourUnit.Ride => CitizenText.Get(quantity == 1 ? "ride" : "rides"),
        BehaviourUnit.Kilometre => CitizenText.Get("km"),
        BehaviourUnit.Order => CitizenText.Get(quantity == 1 ? "order" : "orders"),
        BehaviourUnit.Parcel => CitizenText.Get(quantity == 1 ? "parcel" : "parcels"),
        BehaviourUnit.ThousandSteps => CitizenText.Get("× 1,000 steps"),
        _ => unit.ToString(),
    };

    public static string KindName(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Earn => CitizenText.Get("Earned"),
        LedgerEntryKind.Spend => CitizenText.Get("Spent"),
        LedgerEntryKind.Expire => CitizenText.Get("Expired"),
        LedgerEntryKind.Adjust => CitizenText.Get("Adjusted"),
        LedgerEntryKind.Void => CitizenText.Get("Voided"),
        LedgerEntryKind.Forfeit => CitizenText.Get("Forfeited"),
        LedgerEntryKind.Pending => CitizenText.Get("Pending"),
        LedgerEntryKind.Reverse => CitizenText.Get("Reversed"),
        _ => kind.ToString(),
    };

    /// <summary>"12.00 credits pending" / "待确认 12.00 积分"; null when nothing is pending.</summary>
    public static string? PendingCredits(Credits pending) => pending.Hundredths > 0
        ? string.Format(CultureInfo.CurrentCulture, CitizenText.Get("{0} credits pending"), CreditsAmount(pending))
        : null;

    /// <summary>"8.40 credits expire on 2026-12-31" for the next cutoff; null when nothing is due to expire.</summary>
    public static string? ExpiringCredits(ExpiryForecast forecast) => forecast is { Amount.Hundredths: > 0, LastDay: { } lastDay }
        ? string.Format(CultureInfo.CurrentCulture, CitizenText.Get("{0} credits expire on {1}"), CreditsAmount(forecast.Amount), Date(lastDay))
        : null;

    /// <summary>"Expired: credits earned in 2025" / "积分过期：2025 年获得的积分".</summary>
    public static string ExpiredCreditsOf(int year) =>
        string.Format(CultureInfo.InvariantCulture, CitizenText.Get("Expired: credits earned in {0}"), year);

    /// <summary>The behaviour's name in the reader's language, else the other one, marked.</summary>
    public static string BehaviourName(GreenBehaviour behaviour) => Bilingual.Plain(behaviour.Name);

    /// <summary>A partner's name in the reader's language, or in the other one, marked, when it was registered without it.</summary>
    public static string PartnerName(string nameZh, string nameEn) => Bilingual.Plain(BilingualText.Of(nameZh, nameEn));

    public static string PartnerName(PartnerScenario scenario) => PartnerName(scenario.NameZh, scenario.NameEn);

    /// <summary>
    /// Who reported an entry, as the citizen reads it: the bus validator, or a partner by its name. Null for the
    /// platform's own entries (the demo world, an adjustment, a closure), which read as they always have.
    /// </summary>
    public static string? SourceName(string? source, PartnerNames partners)
    {
        if (source == ScanService.LedgerSource) return CitizenText.Get("Chongqing bus validator");
        if (Partner.CodeOfSource(source) is not { } code) return null;
        return partners.ByCode.TryGetValue(code, out var names) ? PartnerName(names.Zh, names.En) : code;
    }

    /// <summary>The coupon codes a page's Spends refer to, to look up what each bought.</summary>
    public static IReadOnlyCollection<string> SpendReferences(IEnumerable<LedgerEntryView> entries) =>
        entries.Where(e => e.Kind == LedgerEntryKind.Spend && e.Reference is not null).Select(e => e.Reference!).Distinct().ToList();

    /// <summary>
    /// An entry's stored description; for a Spend, the title of what it bought in the reader's language (the entry keeps
    /// the title as it was, in one line; the coupon keeps both languages).
    /// </summary>
    public static string Description(LedgerEntryView entry, IReadOnlyDictionary<string, BilingualText> boughtWith) =>
        entry.Kind == LedgerEntryKind.Spend && entry.Reference is { } code && boughtWith.TryGetValue(code, out var title)
            ? Bilingual.Plain(title)
            : entry.Description ?? "";

    /// <summary>"A and B", "A, B and C" in English; "A 和 B", "A、B 和 C" in Chinese.</summary>
    public static string JoinNames(IReadOnlyList<string> names) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => string.Format(CultureInfo.CurrentCulture, CitizenText.Get("{0} and {1}"),
            string.Join(Localization.IsChinese ? "、" : ", ", names.Take(names.Count - 1)), names[^1]),
    };

    /// <summary>A behaviour's daily cap, "at most 296 g a day"; null when it has none.</summary>
    public static string? DailyCap(GreenBehaviour behaviour) =>
        behaviour.DailyCap is { } cap ? string.Format(CultureInfo.CurrentCulture, CitizenText.Get("at most {0} a day"), cap.ToDisplayString()) : null;

    /// <summary>
    /// When two sources' reports of a behaviour are one act ("reports from two sources within 3 minutes are one trip,
    /// counted once"); null when every report is an act of its own.
    /// </summary>
    public static string? SameAct(GreenBehaviour behaviour) => behaviour.DuplicateWindow is { } window
        ? string.Format(CultureInfo.CurrentCulture, CitizenText.Get(behaviour.IsGreenTrip
            ? "Reports from two sources within {0} are one trip, counted once."
            : "Reports from two sources within {0} are one act, counted once."), Duration(window))
        : null;

    /// <summary>"3 minutes", "1 hour", "90 minutes": whole hours read as hours.</summary>
    public static string Duration(TimeSpan span)
    {
        var minutes = (int)span.TotalMinutes;
        var (count, key) = minutes % 60 == 0 ? (minutes / 60, minutes == 60 ? "{0} hour" : "{0} hours") : (minutes, minutes == 1 ? "{0} minute" : "{0} minutes");
        return string.Format(CultureInfo.CurrentCulture, CitizenText.Get(key), count);
    }

    public static string SignedCredits(Credits credits) =>
        (credits.Hundredths > 0 ? "+" : "") + credits.Value.ToString("#,0.00", CultureInfo.CurrentCulture);

    public static string CreditsAmount(Credits credits) => credits.Value.ToString("#,0.00", CultureInfo.CurrentCulture);

    /// <summary>2026-11-25 08:00 in English, 2026年11月25日 08:00 in Chinese.</summary>
    public static string ChinaTime(DateTime utc) => PlatformTime.ToChinaTime(utc).ToString(DatePattern + " HH:mm", CultureInfo.CurrentCulture);

    /// <summary>
    /// The last moment of something that ends at <paramref name="exclusiveEndUtc"/>: an end at a China midnight (a
    /// coupon valid through its batch's last day) reads as 23:59 of that day, not as 00:00 of the next.
    /// </summary>
    public static string ChinaEndTime(DateTime exclusiveEndUtc) =>
        PlatformTime.ToChinaTime(exclusiveEndUtc).TimeOfDay == TimeSpan.Zero
            ? Date(PlatformTime.LastChinaDayBefore(exclusiveEndUtc)) + " 23:59"
            : ChinaTime(exclusiveEndUtc);

    public static string ChinaDate(DateTime utc) => PlatformTime.ToChinaTime(utc).ToString(DatePattern, CultureInfo.CurrentCulture);

    public static string Date(DateOnly date) => date.ToString(DatePattern, CultureInfo.CurrentCulture);

    /// <summary>03-17 in English, 3月17日 in Chinese: a week's label on a chart.</summary>
    public static string DayOfYear(DateOnly date) => date.ToString(Localization.IsChinese ? "M月d日" : "MM-dd", CultureInfo.CurrentCulture);

    /// <summary>2026-03 in English, 2026年3月 in Chinese.</summary>
    public static string Month(DateOnly date) => date.ToString(Localization.IsChinese ? "yyyy年M月" : "yyyy-MM", CultureInfo.CurrentCulture);

    /// <summary>The administrators' forms take dates as ISO dates in both languages, as their records are kept.</summary>
    public const string IsoDatePattern = "yyyy-MM-dd";

    /// <summary>The date pattern for date pickers, matching <see cref="Date"/>.</summary>
    public static string DatePattern => Localization.IsChinese ? "yyyy年M月d日" : "yyyy-MM-dd";
}
