using System.Globalization;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// The regional ledger's monthly rollups equal the entries they were written from. The entries carry no district (it is
/// the account's when the entry was written), so each rollup is checked with the district summed away, and the two
/// rollups' districts against each other: each district's earns in one are the same earns in the other. Each check is
/// one grouped pass over both sides, as <see cref="CreditYearsEqualEntriesAsync"/> is.
/// </summary>
public sealed partial class InvariantChecker
{
    /// <summary>
    /// Per China month, behaviour and slot, the district rows add up to the entries: grams, credits and earns of the
    /// Earn entries, coupons redeemed (Spend entries, on the rows without a behaviour) and coupons used (earns a coupon
    /// paid), under the behaviour's category.
    /// </summary>
    private async Task<InvariantCheck> DistrictMonthsEqualEntriesAsync(CancellationToken ct)
    {
        var rolledUp = db.DistrictMonthReductions.AsNoTracking().Select(r => new DistrictMonthRow
        {
            Year = r.Month.Year,
            MonthOfYear = r.Month.Month,
            BehaviourCode = r.BehaviourCode,
            Slot = r.Slot,
            Category = r.Category,
            Milligrams = r.Milligrams,
            Credits = r.CreditHundredths,
            Earns = r.Entries,
            Redeemed = r.CouponsRedeemed,
            Used = r.CouponsUsed,
        });
        var fromEntries = db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Earn || e.Kind == LedgerEntryKind.Spend)
            .Select(e => new DistrictMonthRow
            {
                Year = e.OccurredAt.AddHours(8).Year,
                MonthOfYear = e.OccurredAt.AddHours(8).Month,
                BehaviourCode = e.Kind == LedgerEntryKind.Earn && e.BehaviourCode != null ? e.BehaviourCode : "",
                Slot = (int)(e.AccountId % DailyReduction.Slots),
                Category = e.Kind == LedgerEntryKind.Earn && e.Category != null ? e.Category.Value.ToString() : "",
                Milligrams = e.Kind == LedgerEntryKind.Earn ? -e.Milligrams : 0L,
                Credits = e.Kind == LedgerEntryKind.Earn ? -e.CreditHundredths : 0L,
                Earns = e.Kind == LedgerEntryKind.Earn ? -1L : 0L,
                Redeemed = e.Kind == LedgerEntryKind.Spend ? -1L : 0L,
                Used = e.Kind == LedgerEntryKind.Earn && e.CouponFaceValueFen != null ? -1L : 0L,
            });
        var offenders = rolledUp.Concat(fromEntries)
            .GroupBy(r => new { r.Year, r.MonthOfYear, r.BehaviourCode, r.Slot, r.Category })
            .Select(g => new
            {
                g.Key.Year, g.Key.MonthOfYear, g.Key.BehaviourCode, g.Key.Slot, g.Key.Category,
                Milligrams = g.Sum(r => r.Milligrams), Credits = g.Sum(r => r.Credits), Earns = g.Sum(r => r.Earns),
                Redeemed = g.Sum(r => r.Redeemed), Used = g.Sum(r => r.Used),
            })
            .Where(g => g.Milligrams != 0 || g.Credits != 0 || g.Earns != 0 || g.Redeemed != 0 || g.Used != 0)
            .OrderBy(g => g.Year).ThenBy(g => g.MonthOfYear).ThenBy(g => g.BehaviourCode).ThenBy(g => g.Slot).ThenBy(g => g.Category);
        return await CheckAsync(Invariant.DistrictMonthsEqualEntries, "district months equal the entries, districts summed away", "district-month row",
            await db.DistrictMonthReductions.LongCountAsync(ct), "month-behaviour-slot", offenders,
            o => new Violation(o.Year * 100 + o.MonthOfYear, $"{MonthName(o.Year, o.MonthOfYear)} {BehaviourName(o.BehaviourCode)} ({CategoryName(o.Category)}) "
                + $"slot {o.Slot}: rollup " + string.Join(", ", Offsets(
                    ("mg", o.Milligrams, false), ("credits", o.Credits, true), ("earns", o.Earns, false), ("coupons redeemed", o.Redeemed, false),
                    ("coupons used", o.Used, false)))
                + " against the entries"), ct);
    }

    /// <summary>
    /// An account has activity rows for a month, behaviour and category exactly when it earned with that behaviour that
    /// month, and they count its earns (a citizen who moved within the month has one row per district, which add up);
    /// no row counts nothing.
    /// </summary>
    private async Task<InvariantCheck> AccountMonthsEqualEarnsAsync(CancellationToken ct)
    {
        var rolledUp = db.AccountMonthActivities.AsNoTracking().Select(a => new AccountMonthRow
        {
            AccountId = a.AccountId,
            Year = a.Month.Year,
            MonthOfYear = a.Month.Month,
            BehaviourCode = a.BehaviourCode,
            Category = a.Category,
            Earns = a.Entries,
            Empty = a.Entries <= 0 ? 1 : 0,
        });
        var fromEntries = db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Earn).Select(e => new AccountMonthRow
        {
            AccountId = e.AccountId,
            Year = e.OccurredAt.AddHours(8).Year,
            MonthOfYear = e.OccurredAt.AddHours(8).Month,
            BehaviourCode = e.BehaviourCode ?? "",
            Category = e.Category != null ? e.Category.Value.ToString() : "",
            Earns = -1L,
            Empty = 0,
        });
        var offenders = rolledUp.Concat(fromEntries)
            .GroupBy(r => new { r.AccountId, r.Year, r.MonthOfYear, r.BehaviourCode, r.Category })
            .Select(g => new { g.Key.AccountId, g.Key.Year, g.Key.MonthOfYear, g.Key.BehaviourCode, g.Key.Category, Earns = g.Sum(r => r.Earns), Empty = g.Sum(r => r.Empty) })
            .Where(g => g.Earns != 0 || g.Empty != 0)
            .OrderBy(g => g.AccountId).ThenBy(g => g.Year).ThenBy(g => g.MonthOfYear).ThenBy(g => g.BehaviourCode).ThenBy(g => g.Category);
        return await CheckAsync(Invariant.AccountMonthsEqualEarns, "an activity row for each account's month and behaviour with earns, and none without",
            "activity row", await db.AccountMonthActivities.LongCountAsync(ct), "account-month-behaviour", offenders,
            o => new Violation(o.AccountId, $"#{o.AccountId} {MonthName(o.Year, o.MonthOfYear)} {BehaviourName(o.BehaviourCode)} ({CategoryName(o.Category)}): "
                + (o.Empty != 0 ? "a row that counts no earn" : $"activity rows count {SignedCount(o.Earns)} earns against the entries")), ct);
    }

    /// <summary>
    /// Both rollups put each earn in the same district: per month, behaviour, slot and district, the district row's
    /// earns equal those of the activity rows of the slot's accounts.
    /// </summary>
    private async Task<InvariantCheck> DistrictsAgreeAsync(CancellationToken ct)
    {
        var districtRows = db.DistrictMonthReductions.AsNoTracking().Where(r => r.BehaviourCode != "")
            .Select(r => new DistrictEarnsRow { Month = r.Month, BehaviourCode = r.BehaviourCode, Slot = r.Slot, DistrictCode = r.DistrictCode, Earns = r.Entries });
        var activityRows = db.AccountMonthActivities.AsNoTracking().Select(a => new DistrictEarnsRow
        {
            Month = a.Month, BehaviourCode = a.BehaviourCode, Slot = (int)(a.AccountId % DailyReduction.Slots), DistrictCode = a.DistrictCode, Earns = -a.Entries,
        });
        var offenders = districtRows.Concat(activityRows)
            .GroupBy(r => new { r.Month, r.BehaviourCode, r.Slot, r.DistrictCode })
            .Select(g => new { g.Key.Month, g.Key.BehaviourCode, g.Key.Slot, g.Key.DistrictCode, Earns = g.Sum(r => r.Earns) })
            .Where(g => g.Earns != 0)
            .OrderBy(g => g.Month).ThenBy(g => g.BehaviourCode).ThenBy(g => g.Slot).ThenBy(g => g.DistrictCode);
        return await CheckAsync(Invariant.DistrictsAgree, "both regional rollups put each earn in the same district", "district-month row",
            await db.DistrictMonthReductions.LongCountAsync(r => r.BehaviourCode != "", ct), "month-behaviour-slot-district", offenders,
            o => new Violation(o.Month.Year * 100 + o.Month.Month, $"{MonthName(o.Month.Year, o.Month.Month)} {BehaviourName(o.BehaviourCode)} slot {o.Slot} "
                + $"in {DistrictName(o.DistrictCode)}: district row {SignedCount(o.Earns)} earns against the activity rows"), ct);
    }

    private static string MonthName(int year, int month) => $"{year:D4}-{month:D2}";

    private static string BehaviourName(string code) => code.Length == 0 ? "coupon purchases" : code;

    private static string CategoryName(string category) => category.Length == 0 ? "no category" : category;

    private static string DistrictName(string code) => code.Length == 0 ? "no district" : code;

    /// <summary>"+3", "-1": a count the rollup is off by.</summary>
    private static string SignedCount(long count) => count switch
    {
        > 0 => "+" + count.ToString("#,0", CultureInfo.InvariantCulture),
        < 0 => count.ToString("#,0", CultureInfo.InvariantCulture),
        _ => "±0",
    };

    /// <summary>"+1,000 mg, +0.01 credits": each figure the rollup is off by, leaving out those it is not.</summary>
    private static IEnumerable<string> Offsets(params (string Name, long Off, bool IsCredits)[] figures) =>
        figures.Where(f => f.Off != 0).Select(f => (f.IsCredits ? Signed(f.Off) : SignedCount(f.Off)) + " " + f.Name);

    private sealed class DistrictMonthRow
    {
        public int Year { get; init; }
        public int MonthOfYear { get; init; }
        public string BehaviourCode { get; init; } = "";
        public int Slot { get; init; }
        public string Category { get; init; } = "";
        public long Milligrams { get; init; }
        public long Credits { get; init; }
        public long Earns { get; init; }
        public long Redeemed { get; init; }
        public long Used { get; init; }
    }

    private sealed class AccountMonthRow
    {
        public long AccountId { get; init; }
        public int Year { get; init; }
        public int MonthOfYear { get; init; }
        public string BehaviourCode { get; init; } = "";
        public string Category { get; init; } = "";
        public long Earns { get; init; }
        public int Empty { get; init; }
    }

    private sealed class DistrictEarnsRow
    {
        public DateOnly Month { get; init; }
        public string BehaviourCode { get; init; } = "";
        public int Slot { get; init; }
        public string DistrictCode { get; init; } = "";
        public long Earns { get; init; }
    }
}
