using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CarbonHuitong.Web.Components.Pages.Ledger;

/// <summary>How the ledger's history names, groups and pictures its entries.</summary>
public static class HistoryText
{
    /// <summary>The China month an entry falls in, as its first day.</summary>
    public static DateOnly MonthOf(DateTime utc)
    {
        var day = PlatformTime.ChinaDateOf(utc);
        return new DateOnly(day.Year, day.Month, 1);
    }

    /// <summary>An earn by its category; anything else by what it did to the balance.</summary>
    public static string IconOf(LedgerEntryView entry) => entry.Kind switch
    {
        LedgerEntryKind.Earn or LedgerEntryKind.Pending => entry.Category switch
        {
            BehaviourCategory.Transport => Icons.Material.Filled.DirectionsBus,
            BehaviourCategory.Food => Icons.Material.Filled.Restaurant,
            BehaviourCategory.Housing => Icons.Material.Filled.House,
            BehaviourCategory.Clothing => Icons.Material.Filled.Checkroom,
            BehaviourCategory.Use => Icons.Material.Filled.Recycling,
            BehaviourCategory.Office => Icons.Material.Filled.Description,
            BehaviourCategory.DigitalFinance => Icons.Material.Filled.PhoneIphone,
            _ => Icons.Material.Filled.Park,
        },
        LedgerEntryKind.Spend => Icons.Material.Filled.ShoppingBag,
        LedgerEntryKind.Expire => Icons.Material.Filled.HourglassBottom,
        LedgerEntryKind.Reverse => Icons.Material.Filled.Undo,
        LedgerEntryKind.Void or LedgerEntryKind.Forfeit => Icons.Material.Filled.Block,
        _ => Icons.Material.Filled.Tune,
    };

    /// <summary>What an entry was: the act an earn counts (with its line or quantity), or the kind and its description.</summary>
    /// <param name="boughtWith">The titles of the coupons the page's Spend entries bought, by the entry's reference, so a purchase reads in the reader's language.</param>
    public static string Describe(LedgerEntryView entry, IReadOnlyList<GreenBehaviour> behaviours, PartnerNames partners,
        IReadOnlyDictionary<string, BilingualText> boughtWith, IStringLocalizer<CitizenText> t) => entry switch
    {
        { Kind: LedgerEntryKind.Earn or LedgerEntryKind.Pending } => Act(entry, behaviours, t),
        { Kind: LedgerEntryKind.Reverse } => LedgerText.SourceName(entry.Source, partners) is { } partner
            ? t["Reversed by {0}: {1}", partner, Act(entry, behaviours, t)]
            : t["{0}: {1}", LedgerText.KindName(entry.Kind), Act(entry, behaviours, t)],
        { ExpiredYear: { } year } => LedgerText.ExpiredCreditsOf(year),
        _ => t["{0}: {1}", LedgerText.KindName(entry.Kind), LedgerText.Description(entry, boughtWith)],
    };

    /// <summary>The act an earn (or a pending earn, or its reversal) counts: the behaviour, and the line or the quantity.</summary>
    private static string Act(LedgerEntryView entry, IReadOnlyList<GreenBehaviour> behaviours, IStringLocalizer<CitizenText> t)
    {
        var behaviour = behaviours.FirstOrDefault(b => b.Code == entry.BehaviourCode);
        var name = behaviour is null ? entry.BehaviourCode : LedgerText.BehaviourName(behaviour);
        if (entry.LineId is not null)
        {
            return entry.CouponFaceValueFen is { } fen
                ? t["{0} · line {1} · {2} coupon applied", name ?? "", entry.LineId, MoneyText.Yuan(new Fen(fen))]
                : t["{0} · line {1}", name ?? "", entry.LineId];
        }
        return behaviour is null || entry.Quantity is null
            ? $"{name}"
            : string.Create(CultureInfo.CurrentCulture, $"{name} · {entry.Quantity.Value:0.##} {LedgerText.UnitName(behaviour.Unit, entry.Quantity.Value)}");
    }
}
