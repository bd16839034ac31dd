using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
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
        _ => kind.ToString(),
    };

    /// <summary>The behaviour's Chinese name for a Chinese reader, its English name otherwise.</summary>
    public static string BehaviourName(GreenBehaviour behaviour) =>
        Localization.IsChinese && !string.IsNullOrEmpty(behaviour.NameZh) ? behaviour.NameZh : behaviour.Name;

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
