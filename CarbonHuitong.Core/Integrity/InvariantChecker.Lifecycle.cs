using System.Globalization;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// The credits' lifecycle: pending credits are held apart from the balance and settled once, by a confirmation or a
/// reversal of the same amount; an expiry never takes more than was due at its cutoff; and the per-year rollup the
/// expiry reads adds up to the entries.
/// </summary>
public sealed partial class InvariantChecker
{
    /// <summary>
    /// A Pending entry carries no spendable credits and no grams, and each account's pending total is the sum of its
    /// entries' pending column, never below zero: what is pending is never in the balance.
    /// </summary>
    private async Task<InvariantCheck> PendingNeverSpendableAsync(long accounts, CancellationToken ct)
    {
        var held = db.CarbonAccounts.AsNoTracking().Where(a => a.PendingHundredths != 0)
            .Select(a => new PendingRow { AccountId = a.Id, Hundredths = a.PendingHundredths, Wrong = a.PendingHundredths < 0 ? 1 : 0 });
        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.PendingHundredths != 0 || e.Kind == LedgerEntryKind.Pending)
            .Select(e => new PendingRow
            {
                AccountId = e.AccountId,
                Hundredths = -e.PendingHundredths,
                Wrong = e.Kind == LedgerEntryKind.Pending && (e.CreditHundredths != 0 || e.Milligrams != 0) ? 1 : 0,
            });
        // The account's pending total less its entries', with anything spendable flagged, in one pass.
        var offenders = held.Concat(entries)
            .GroupBy(r => r.AccountId)
            .Select(g => new { Id = g.Key, Off = g.Sum(r => r.Hundredths), Wrong = g.Sum(r => r.Wrong) })
            .Where(g => g.Off != 0 || g.Wrong != 0)
            .OrderBy(g => g.Id);
        return await CheckAsync(Invariant.PendingNeverSpendable, "pending credits are held apart, never spendable", "account", accounts, "account",
            offenders,
            a => new Violation(a.Id, a.Wrong > 0 ? $"#{a.Id} has a pending entry that moves its balance or grams, or a pending total below zero"
                : $"#{a.Id} pending total is {Signed(a.Off)} against its entries"), ct);
    }

    private sealed class PendingRow
    {
        public long AccountId { get; init; }
        public long Hundredths { get; init; }
        public int Wrong { get; init; }
    }

    /// <summary>
    /// Every entry that settles (a confirming Earn or a Reverse) points at a Pending entry of the same account and
    /// source and releases exactly what it held: a confirmation makes that amount spendable, a reversal moves nothing else.
    /// </summary>
    private async Task<InvariantCheck> SettlementMatchesPendingAsync(CancellationToken ct)
    {
        var settling = db.LedgerEntries.AsNoTracking().Where(e => e.SettlesEntryId != null || e.Kind == LedgerEntryKind.Reverse);
        var offenders =
            from s in settling
            join p in db.LedgerEntries on s.SettlesEntryId equals p.Id into settled
            from p in settled.DefaultIfEmpty()
            where p == null || p.Kind != LedgerEntryKind.Pending || p.AccountId != s.AccountId || p.Source != s.Source
                || s.PendingHundredths != -p.PendingHundredths
                || (s.Kind == LedgerEntryKind.Earn && s.CreditHundredths != p.PendingHundredths)
                || (s.Kind == LedgerEntryKind.Reverse && (s.CreditHundredths != 0 || s.Milligrams != 0))
                || (s.Kind != LedgerEntryKind.Earn && s.Kind != LedgerEntryKind.Reverse)
            orderby s.Id
            select new { s.Id, s.Kind, s.SettlesEntryId, PendingKind = (LedgerEntryKind?)p.Kind };
        return await CheckAsync(Invariant.SettlementMatchesPending, "every confirmation and reversal settles a pending earn of its amount", "settlement",
            await settling.LongCountAsync(ct), "settlement", offenders,
            s => new Violation(s.Id, s.PendingKind is null ? $"{s.Kind} #{s.Id} settles no pending earn (#{s.SettlesEntryId})"
                : $"{s.Kind} #{s.Id} does not match the pending earn #{s.SettlesEntryId} it settles"), ct);
    }

    /// <summary>
    /// An expiry of credits earned through year Y takes at most what was due at its cutoff: the credits in before
    /// year Y ended, less everything out up to the cutoff (the expiry itself left out). Counted from the entries, not
    /// from the rollup the job read. The expiry is dated the last instant before its cutoff.
    /// </summary>
    private async Task<InvariantCheck> ExpiryWithinDueAsync(CancellationToken ct)
    {
        var expiries = db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Expire && e.Source == CreditExpiry.Source);
        var years = await expiries.Select(e => e.Reference!).Distinct().ToListAsync(ct);
        var offending = 0L;
        var samples = new List<Violation>();
        foreach (var reference in years)
        {
            if (!int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                var count = await expiries.LongCountAsync(e => e.Reference == reference, ct);
                offending += count;
                samples.Add(new Violation(0, $"{count} expiries name no year ('{reference}')"));
                continue;
            }
            var earnedBefore = PlatformTime.ChinaDateToUtc(new DateOnly(year + 1, 1, 1));
            var overdrawn =
                from x in expiries.Where(e => e.Reference == reference)
                let earned = db.LedgerEntries.Where(e => e.AccountId == x.AccountId && e.CreditHundredths > 0 && e.OccurredAt < earnedBefore)
                    .Sum(e => (long?)e.CreditHundredths) ?? 0L
                let spent = db.LedgerEntries.Where(e => e.AccountId == x.AccountId && e.CreditHundredths < 0 && e.OccurredAt <= x.OccurredAt && e.Id != x.Id)
                    .Sum(e => (long?)-e.CreditHundredths) ?? 0L
                where -x.CreditHundredths > earned - spent
                orderby x.Id
                select new { x.Id, x.AccountId, Took = -x.CreditHundredths, Due = earned - spent };
            var found = await overdrawn.LongCountAsync(ct);
            if (found == 0) continue;
            offending += found;
            samples.AddRange((await overdrawn.Take(SampleSize).ToListAsync(ct)).Select(x => new Violation(x.AccountId,
                $"expiry #{x.Id} of credits earned through {year} took {new Credits(x.Took)}; {new Credits(Math.Max(0, x.Due))} was due")));
        }
        return new InvariantCheck(Invariant.ExpiryWithinDue, "an expiry never takes more than was due", "expiration", await expiries.LongCountAsync(ct),
            "expiration", offending, samples.Take(SampleSize).ToList());
    }

    /// <summary>
    /// Per account and China year, the rollup the expiry reads equals the credits in and out of the entries: both sides
    /// in one pass (the rollup's rows less the entries', grouped), so nothing is joined to a grouped subquery.
    /// </summary>
    private async Task<InvariantCheck> CreditYearsEqualEntriesAsync(CancellationToken ct)
    {
        var rolledUp = db.AccountCreditYears.AsNoTracking()
            .Select(r => new CreditYearRow { AccountId = r.AccountId, Year = r.Year, In = r.InHundredths, Out = r.OutHundredths });
        var fromEntries = db.LedgerEntries.AsNoTracking().Where(e => e.CreditHundredths != 0)
            .Select(e => new CreditYearRow
            {
                AccountId = e.AccountId,
                Year = e.OccurredAt.AddHours(8).Year,
                In = e.CreditHundredths > 0 ? -e.CreditHundredths : 0L,
                Out = e.CreditHundredths < 0 ? e.CreditHundredths : 0L,
            });
        var offenders = rolledUp.Concat(fromEntries)
            .GroupBy(r => new { r.AccountId, r.Year })
            .Select(g => new { g.Key.AccountId, g.Key.Year, InOff = g.Sum(r => r.In), OutOff = g.Sum(r => r.Out) })
            .Where(g => g.InOff != 0 || g.OutOff != 0)
            .OrderBy(g => g.AccountId).ThenBy(g => g.Year);
        return await CheckAsync(Invariant.CreditYearsEqualEntries, "credits in and out per year equal the entries", "account-year",
            await db.AccountCreditYears.LongCountAsync(ct), "account-year", offenders,
            o => new Violation(o.AccountId, $"#{o.AccountId} {o.Year}: rollup in {Signed(o.InOff)}, out {Signed(o.OutOff)} against the entries"), ct);
    }

    private static string Signed(long hundredths) => hundredths switch
    {
        > 0 => "+" + new Credits(hundredths),
        < 0 => "-" + new Credits(-hundredths),
        _ => "±0",
    };

    private sealed class CreditYearRow
    {
        public long AccountId { get; init; }
        public int Year { get; init; }
        public long In { get; init; }
        public long Out { get; init; }
    }
}
