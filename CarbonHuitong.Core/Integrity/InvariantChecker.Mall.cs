using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>The mall's invariants: every coupon is paid by its Spend and every Spend pays for one coupon; stock never goes below zero.</summary>
public sealed partial class InvariantChecker
{
    /// <summary>A redemption spends the item's price from the coupon's own account, with the coupon's code as the reference.</summary>
    private Task<InvariantCheck> CouponPaidByItsSpendAsync(long coupons, CancellationToken ct) =>
        CheckAsync(Invariant.CouponPaidByItsSpend, "every coupon paid by its Spend of the item's price", "coupon", coupons, "coupon",
            from c in db.Coupons.AsNoTracking()
            join e in db.LedgerEntries on c.SpendEntryId equals e.Id into entries
            from e in entries.DefaultIfEmpty()
            join i in db.MallItems on c.MallItemId equals i.Id into items
            from i in items.DefaultIfEmpty()
            where e == null || i == null || e.Kind != LedgerEntryKind.Spend || e.AccountId != c.AccountId
                || e.CreditHundredths != -i.PriceHundredths || e.Reference != c.Code
            orderby c.Id
            select new CouponAgainstSpend
            {
                Id = c.Id,
                AccountId = c.AccountId,
                MallItemId = c.MallItemId,
                SpendEntryId = c.SpendEntryId,
                EntryKind = e == null ? null : e.Kind,
                EntryAccountId = e == null ? null : e.AccountId,
                EntryHundredths = e == null ? null : e.CreditHundredths,
                PriceHundredths = i == null ? null : i.PriceHundredths,
            },
            c => new Violation(c.Id, $"#{c.Id} {HowUnpaid(c)}"), ct);

    private static string HowUnpaid(CouponAgainstSpend c) => c switch
    {
        { EntryKind: null } => $"has no Spend entry (#{c.SpendEntryId} is missing)",
        { EntryKind: not LedgerEntryKind.Spend } => $"points at entry #{c.SpendEntryId}, an {c.EntryKind}, not a Spend",
        _ when c.EntryAccountId != c.AccountId => $"of account #{c.AccountId} was paid by entry #{c.SpendEntryId} of account #{c.EntryAccountId}",
        { PriceHundredths: null } => $"comes from item #{c.MallItemId}, which is missing",
        _ when c.EntryHundredths != -c.PriceHundredths =>
            $"was paid {new Credits(-c.EntryHundredths!.Value)} by entry #{c.SpendEntryId}; the item's price is {new Credits(c.PriceHundredths.Value)}",
        _ => $"is paid by entry #{c.SpendEntryId}, whose reference is not the coupon's code",
    };

    /// <summary>The mall is the only place credits are spent (RedemptionService is SpendAsync's one caller), so every Spend is a coupon's.</summary>
    private async Task<InvariantCheck> SpendPaysForOneCouponAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.SpendPaysForOneCoupon, "every Spend pays for exactly one coupon", "spend",
            await db.LedgerEntries.LongCountAsync(e => e.Kind == LedgerEntryKind.Spend, ct), "spend",
            from e in db.LedgerEntries.AsNoTracking()
            where e.Kind == LedgerEntryKind.Spend
            join paid in db.Coupons.GroupBy(c => c.SpendEntryId).Select(g => new { SpendEntryId = g.Key, Coupons = g.Count() })
                on e.Id equals paid.SpendEntryId into matched
            from paid in matched.DefaultIfEmpty()
            let coupons = (int?)paid.Coupons ?? 0
            where coupons != 1
            orderby e.Id
            select new { e.Id, e.AccountId, e.CreditHundredths, Coupons = coupons },
            e => new Violation(e.Id, $"#{e.Id} of {new Credits(-e.CreditHundredths)} from account #{e.AccountId} pays for "
                + (e.Coupons == 0 ? "no coupon" : $"{e.Coupons} coupons")), ct);

    private Task<InvariantCheck> StockNotBelowZeroAsync(long items, CancellationToken ct) =>
        CheckAsync(Invariant.StockNotBelowZero, "stock never below zero", "item", items, "item",
            db.MallItems.AsNoTracking().Where(i => i.StockLeft < 0).OrderBy(i => i.Id).Select(i => new { i.Id, i.StockLeft }),
            i => new Violation(i.Id, $"#{i.Id} stock left {i.StockLeft}"), ct);

    private sealed class CouponAgainstSpend
    {
        public long Id { get; init; }
        public long AccountId { get; init; }
        public long MallItemId { get; init; }
        public long SpendEntryId { get; init; }
        public LedgerEntryKind? EntryKind { get; init; }
        public long? EntryAccountId { get; init; }
        public long? EntryHundredths { get; init; }
        public long? PriceHundredths { get; init; }
    }
}
