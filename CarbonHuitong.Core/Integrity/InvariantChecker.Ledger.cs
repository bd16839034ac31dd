using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>The ledger's invariants: balances and totals are the sums of their entries, and the daily rollup adds up to the earns.</summary>
public sealed partial class InvariantChecker
{
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
            GreenTrips = g.Sum(e => e.IsGreenTrip && e.Kind == LedgerEntryKind.Earn ? 1L : 0L),
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
}
