using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>How ledger values read on a page.</summary>
public static class LedgerText
{
    public static string CategoryName(BehaviourCategory category) => category switch
    {
        BehaviourCategory.Clothing => "Clothing",
        BehaviourCategory.Food => "Food",
        BehaviourCategory.Housing => "Housing",
        BehaviourCategory.Transport => "Green travel",
        BehaviourCategory.Use => "Everyday use",
        BehaviourCategory.Office => "Office",
        BehaviourCategory.DigitalFinance => "Digital finance",
        _ => category.ToString(),
    };

    public static string UnitName(BehaviourUnit unit, decimal quantity = 1) => unit switch
    {
        BehaviourUnit.Ride => quantity == 1 ? "ride" : "rides",
        BehaviourUnit.Kilometre => "km",
        BehaviourUnit.Order => quantity == 1 ? "order" : "orders",
        BehaviourUnit.Parcel => quantity == 1 ? "parcel" : "parcels",
        BehaviourUnit.ThousandSteps => "× 1,000 steps",
        _ => unit.ToString(),
    };

    public static string KindName(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Earn => "Earned",
        LedgerEntryKind.Spend => "Spent",
        LedgerEntryKind.Expire => "Expired",
        LedgerEntryKind.Adjust => "Adjusted",
        _ => kind.ToString(),
    };

    public static string SignedCredits(Credits credits) =>
        (credits.Hundredths > 0 ? "+" : "") + credits.Value.ToString("#,0.00", CultureInfo.CurrentCulture);

    public static string CreditsAmount(Credits credits) => credits.Value.ToString("#,0.00", CultureInfo.CurrentCulture);

    /// <summary>2026-11-25 08:00 in English, 2026年11月25日 08:00 in Chinese.</summary>
    public static string ChinaTime(DateTime utc) => PlatformTime.ToChinaTime(utc).ToString(DatePattern + " HH:mm", CultureInfo.CurrentCulture);

    public static string ChinaDate(DateTime utc) => PlatformTime.ToChinaTime(utc).ToString(DatePattern, CultureInfo.CurrentCulture);

    public static string Date(DateOnly date) => date.ToString(DatePattern, CultureInfo.CurrentCulture);

    private static string DatePattern => Localization.IsChinese ? "yyyy年M月d日" : "yyyy-MM-dd";
}
