using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// Checks what must hold across the ledger, the mall and the rides, so a benchmark or a crash test can show the
/// database came through intact. Each check counts, sums and groups in the database and brings back only its first
/// few offenders, so it stays quick on hundreds of thousands of entries.
/// The checks are separate queries: on a database still taking writes, run it inside a transaction so they all read one snapshot.
/// </summary>
public sealed class InvariantChecker(CarbonDbContext db)
{
    public const int SampleSize = 5;

    public async Task<InvariantReport> CheckAsync(CancellationToken ct = default)
    {
        var accounts = await db.CarbonAccounts.LongCountAsync(ct);
        var coupons = await db.Coupons.LongCountAsync(ct);
        var items = await db.MallItems.LongCountAsync(ct);
        return new InvariantReport(
        [
            await BalanceEqualsEntriesAsync(accounts, ct),
            await TotalsEqualEntriesAsync(accounts, ct),
            await RollupEqualsEarnsAsync(accounts, ct),
            await CouponPaidByItsSpendAsync(coupons, ct),
            await SpendPaysForOneCouponAsync(ct),
            await CouponOnOneRideAsync(coupons, ct),
            await RideCodeAcceptedOnceAsync(ct),
            await StockNotBelowZeroAsync(items, ct),
            await CouponsWithinBatchAsync(items, ct),
        ]);
    }

    private Task<InvariantCheck> BalanceEqualsEntriesAsync(long accounts, CancellationToken ct) =>
        CheckAsync(Invariant.BalanceEqualsEntries, "balance equals sum of entries", "account", accounts, "account",
            AccountsAgainstTheirEntries().Where(a => a.BalanceHundredths != a.SumHundredths).OrderBy(a => a.Id),
            a => new Violation(a.Id, $"#{a.Id} balance {new Credits(a.BalanceHundredths)} ≠ entries {new Credits(a.SumHundredths)}"), ct);

    private Task<InvariantCheck> TotalsEqualEntriesAsync(long accounts, CancellationToken ct) =>
        CheckAsync(Invariant.TotalsEqualEntries, "earned, spent, reduction and green trips equal their entries", "account", accounts,
            "account",
            AccountsAgainstTheirEntries()
                .Where(a => a.EarnedHundredths != a.SumEarnedHundredths || a.SpentHundredths != a.SumSpentHundredths
                    || a.ReducedMilligrams != a.SumMilligrams || a.GreenTrips != a.SumGreenTrips)
                .OrderBy(a => a.Id),
            a => new Violation(a.Id, $"#{a.Id} " + string.Join(", ", TotalsOff(a))), ct);

    private static IEnumerable<string> TotalsOff(AccountAgainstEntries a)
    {
        if (a.EarnedHundredths != a.SumEarnedHundredths)
            yield return $"earned {new Credits(a.EarnedHundredths)} ≠ entries {new Credits(a.SumEarnedHundredths)}";
        if (a.SpentHundredths != a.SumSpentHundredths)
            yield return $"spent {new Credits(a.SpentHundredths)} ≠ entries {new Credits(a.SumSpentHundredths)}";
        if (a.ReducedMilligrams != a.SumMilligrams)
            yield return $"reduced {a.ReducedMilligrams} mg ≠ entries {a.SumMilligrams} mg";
        if (a.GreenTrips != a.SumGreenTrips) yield return $"green trips {a.GreenTrips} ≠ entries {a.SumGreenTrips}";
    }

    /// <summary>Each account beside what its entries add up to (zero for an account without entries), in one pass over the ledger.</summary>
    private IQueryable<AccountAgainstEntries> AccountsAgainstTheirEntries()
    {
        var sums = db.LedgerEntries.GroupBy(e => e.AccountId).Select(g => new
        {
            AccountId = g.Key,
            Hundredths = g.Sum(e => e.CreditHundredths),
            Earned = g.Sum(e => e.Kind == LedgerEntryKind.Earn ? e.CreditHundredths : 0L),
            Spent = g.Sum(e => e.Kind == LedgerEntryKind.Spend ? -e.CreditHundredths : 0L),
            Milligrams = g.Sum(e => e.Milligrams),
            GreenTrips = g.Sum(e => e.IsGreenTrip ? 1L : 0L),
        });
        return
            from a in db.CarbonAccounts.AsNoTracking()
            join s in sums on a.Id equals s.AccountId into matched
            from s in matched.DefaultIfEmpty()
            select new AccountAgainstEntries
            {
                Id = a.Id,
                BalanceHundredths = a.BalanceHundredths,
                EarnedHundredths = a.EarnedHundredths,
                SpentHundredths = a.SpentHundredths,
                ReducedMilligrams = a.ReducedMilligrams,
                GreenTrips = a.GreenTrips,
                SumHundredths = (long?)s.Hundredths ?? 0L,
                SumEarnedHundredths = (long?)s.Earned ?? 0L,
                SumSpentHundredths = (long?)s.Spent ?? 0L,
                SumMilligrams = (long?)s.Milligrams ?? 0L,
                SumGreenTrips = (long?)s.GreenTrips ?? 0L,
            };
    }

    /// <summary>The per-day rollup the ledger page reads adds up, per account, to the account's Earn entries.</summary>
    private Task<InvariantCheck> RollupEqualsEarnsAsync(long accounts, CancellationToken ct)
    {
        var rollups = db.AccountDailyReductions.GroupBy(d => d.AccountId).Select(g => new
        {
            AccountId = g.Key,
            Hundredths = g.Sum(d => d.CreditHundredths),
            Milligrams = g.Sum(d => d.Milligrams),
            Entries = g.Sum(d => d.Entries),
        });
        var earns = db.LedgerEntries.Where(e => e.Kind == LedgerEntryKind.Earn).GroupBy(e => e.AccountId).Select(g => new
        {
            AccountId = g.Key,
            Hundredths = g.Sum(e => e.CreditHundredths),
            Milligrams = g.Sum(e => e.Milligrams),
            Entries = g.LongCount(),
        });
        var accountsAgainstRollup =
            from a in db.CarbonAccounts.AsNoTracking()
            join r in rollups on a.Id equals r.AccountId into rolled
            from r in rolled.DefaultIfEmpty()
            join e in earns on a.Id equals e.AccountId into earned
            from e in earned.DefaultIfEmpty()
            select new RollupAgainstEarns
            {
                Id = a.Id,
                RollupHundredths = (long?)r.Hundredths ?? 0L,
                RollupMilligrams = (long?)r.Milligrams ?? 0L,
                RollupEntries = (long?)r.Entries ?? 0L,
                EarnHundredths = (long?)e.Hundredths ?? 0L,
                EarnMilligrams = (long?)e.Milligrams ?? 0L,
                EarnEntries = (long?)e.Entries ?? 0L,
            };
        return CheckAsync(Invariant.RollupEqualsEarns, "daily rollup equals the account's earns", "account", accounts, "account",
            accountsAgainstRollup
                .Where(a => a.RollupHundredths != a.EarnHundredths || a.RollupMilligrams != a.EarnMilligrams || a.RollupEntries != a.EarnEntries)
                .OrderBy(a => a.Id),
            a => new Violation(a.Id, $"#{a.Id} rollup {new Credits(a.RollupHundredths)} in {a.RollupEntries} earns ≠ entries " +
                $"{new Credits(a.EarnHundredths)} in {a.EarnEntries} earns"), ct);
    }

    private sealed class RollupAgainstEarns
    {
        public long Id { get; init; }
        public long RollupHundredths { get; init; }
        public long RollupMilligrams { get; init; }
        public long RollupEntries { get; init; }
        public long EarnHundredths { get; init; }
        public long EarnMilligrams { get; init; }
        public long EarnEntries { get; init; }
    }

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

    private Task<InvariantCheck> CouponOnOneRideAsync(long coupons, CancellationToken ct) =>
        CheckAsync(Invariant.CouponOnOneRide, "no coupon used on two rides", "coupon", coupons, "coupon",
            db.Rides.AsNoTracking()
                .Where(r => r.CouponId != null)
                .GroupBy(r => r.CouponId)
                .Where(g => g.Count() > 1)
                .Select(g => new { CouponId = g.Key!.Value, Rides = g.LongCount(), FirstRide = g.Min(r => r.Id), LastRide = g.Max(r => r.Id) })
                .OrderBy(c => c.CouponId),
            c => new Violation(c.CouponId, $"#{c.CouponId} on {RidesFrom(c.Rides, c.FirstRide, c.LastRide)}"), ct);

    private async Task<InvariantCheck> RideCodeAcceptedOnceAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.RideCodeAcceptedOnce, "no ride code accepted twice", "ride", await db.Rides.LongCountAsync(ct), "ride code",
            db.Rides.AsNoTracking()
                .GroupBy(r => new { r.AccountId, r.CodeNonce })
                .Where(g => g.Count() > 1)
                .Select(g => new { g.Key.AccountId, g.Key.CodeNonce, Rides = g.LongCount(), FirstRide = g.Min(r => r.Id), LastRide = g.Max(r => r.Id) })
                .OrderBy(c => c.LastRide),
            c => new Violation(c.LastRide, $"account #{c.AccountId} code {c.CodeNonce} on {RidesFrom(c.Rides, c.FirstRide, c.LastRide)}"), ct);

    private static string RidesFrom(long rides, long first, long last) =>
        rides == 2 ? $"rides #{first} and #{last}" : $"{rides} rides, #{first} … #{last}";

    private Task<InvariantCheck> StockNotBelowZeroAsync(long items, CancellationToken ct) =>
        CheckAsync(Invariant.StockNotBelowZero, "stock never below zero", "item", items, "item",
            db.MallItems.AsNoTracking().Where(i => i.StockLeft < 0).OrderBy(i => i.Id).Select(i => new { i.Id, i.StockLeft }),
            i => new Violation(i.Id, $"#{i.Id} stock left {i.StockLeft}"), ct);

    /// <summary>
    /// Each coupon issued took one unit of stock, and an item never starts with more stock than its batch paid for,
    /// so an item's coupons and the stock it has left add up to at most its batch.
    /// </summary>
    private Task<InvariantCheck> CouponsWithinBatchAsync(long items, CancellationToken ct) =>
        CheckAsync(Invariant.CouponsWithinBatch, "coupons issued plus stock left within the batch", "item", items, "item",
            from i in db.MallItems.AsNoTracking()
            join b in db.CouponBatches on i.BatchId equals b.Id
            let issued = db.Coupons.LongCount(c => c.MallItemId == i.Id)
            where issued + i.StockLeft > b.Quantity
            orderby i.Id
            select new { i.Id, BatchId = b.Id, b.Quantity, i.StockLeft, Issued = issued },
            i => new Violation(i.Id, $"#{i.Id} issued {i.Issued} + {i.StockLeft} left > batch #{i.BatchId} of {i.Quantity}"), ct);

    private static async Task<InvariantCheck> CheckAsync<T>(Invariant invariant, string name, string rowNoun, long rowsChecked,
        string offenderNoun, IQueryable<T> offenders, Func<T, Violation> describe, CancellationToken ct)
    {
        var offending = await offenders.LongCountAsync(ct);
        IReadOnlyList<Violation> samples = offending == 0 ? [] : (await offenders.Take(SampleSize).ToListAsync(ct)).Select(describe).ToList();
        return new InvariantCheck(invariant, name, rowNoun, rowsChecked, offenderNoun, offending, samples);
    }

    private sealed class AccountAgainstEntries
    {
        public long Id { get; init; }
        public long BalanceHundredths { get; init; }
        public long EarnedHundredths { get; init; }
        public long SpentHundredths { get; init; }
        public long ReducedMilligrams { get; init; }
        public long GreenTrips { get; init; }
        public long SumHundredths { get; init; }
        public long SumEarnedHundredths { get; init; }
        public long SumSpentHundredths { get; init; }
        public long SumMilligrams { get; init; }
        public long SumGreenTrips { get; init; }
    }

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
