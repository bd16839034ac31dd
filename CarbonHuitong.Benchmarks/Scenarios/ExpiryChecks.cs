using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// What the expiry wrote, held against what the world was set up to owe: the totals against the plan and the job's
/// report, and for sampled accounts each Expire entry against the plan and against the formula worked out from the
/// account's own entries (not the per-year rollup the job reads).
/// </summary>
internal static class ExpiryChecks
{
    private const int MostMismatchesShown = 5;

    public static async Task CheckAsync(ScenarioReport report, BenchmarkWorld world, ExpiryPlan plan, ExpiryRunReport? run, int samples)
    {
        var (count, sum) = await world.QueryAsync(async db =>
        {
            var expiries = db.LedgerEntries.Where(e => e.Source == CreditExpiry.Source);
            return (await expiries.LongCountAsync(), -await expiries.SumAsync(e => e.CreditHundredths));
        });
        report.Add("Expire entries in the ledger", $"{count:N0}, {new Credits(sum)} credits");
        if (count != plan.AccountsDue || sum != plan.HundredthsDue)
            report.Fail($"the ledger holds {count:N0} expiries of {new Credits(sum)} credits; the plan owed {plan.AccountsDue:N0} of {new Credits(plan.HundredthsDue)}");
        if (run is not null && (run.Accounts != count || run.Expired.Hundredths != sum))
            report.Fail($"the job reported {run.Accounts:N0} accounts and {run.Expired} credits; the ledger holds {count:N0} and {new Credits(sum)}");

        var sampled = Sample(plan.Accounts, samples);
        var ids = sampled.Select(a => a.AccountId).ToList();
        var entries = await world.QueryAsync(db => db.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.AccountId))
            .Select(e => new SampledEntry(e.AccountId, e.Kind, e.CreditHundredths, e.OccurredAt, e.Source, e.ExternalEventId)).ToListAsync());
        var byAccount = entries.ToLookup(e => e.AccountId);
        var mismatches = sampled.Select(a => MismatchOf(a, byAccount[a.AccountId].ToList(), plan)).OfType<string>().ToList();
        report.Add("sampled accounts checked", sampled.Count);
        if (mismatches.Count > 0)
            report.Fail($"{mismatches.Count} of {sampled.Count} sampled accounts expired otherwise than the formula: {string.Join("; ", mismatches.Take(MostMismatchesShown))}");
    }

    private sealed record SampledEntry(long AccountId, LedgerEntryKind Kind, long CreditHundredths, DateTime OccurredAt, string? Source, string? ExternalEventId)
    {
        public bool IsTheExpiry => Source == CreditExpiry.Source;
    }

    /// <summary>Spread evenly over all accounts, and the first twenty, which hold each kind of saver twice.</summary>
    private static List<AccountPlan> Sample(IReadOnlyList<AccountPlan> accounts, int samples) =>
        Enumerable.Range(0, Math.Min(samples, accounts.Count)).Select(k => accounts[(int)((long)k * accounts.Count / Math.Min(samples, accounts.Count))])
            .Concat(accounts.Take(20)).DistinctBy(a => a.AccountId).ToList();

    private static string? MismatchOf(AccountPlan account, List<SampledEntry> entries, ExpiryPlan plan)
    {
        // The formula on the entries: in through the older year, out (the expiry aside) through the year it closes.
        var earned = entries.Where(e => !e.IsTheExpiry && e.CreditHundredths > 0 && PlatformTime.ChinaDateOf(e.OccurredAt).Year <= plan.OlderYear)
            .Sum(e => e.CreditHundredths);
        var spent = entries.Where(e => !e.IsTheExpiry && e.CreditHundredths < 0 && PlatformTime.ChinaDateOf(e.OccurredAt).Year <= plan.LaterYear)
            .Sum(e => -e.CreditHundredths);
        var fromEntries = Math.Max(0, earned - spent);
        var expiries = entries.Where(e => e.IsTheExpiry).ToList();
        var expired = -expiries.Sum(e => e.CreditHundredths);
        var who = $"#{account.AccountId}";
        if (fromEntries != account.DueHundredths)
            return $"{who}: its entries owe {new Credits(fromEntries)}, the plan {new Credits(account.DueHundredths)}";
        if (account.DueHundredths == 0) return expiries.Count == 0 ? null : $"{who}: nothing was due, {new Credits(expired)} expired";
        if (expiries.Count != 1) return $"{who}: {expiries.Count} Expire entries for {new Credits(account.DueHundredths)} due";
        var expiry = expiries[0];
        if (expired != account.DueHundredths) return $"{who}: {new Credits(expired)} expired, {new Credits(account.DueHundredths)} due";
        if (expiry.Kind != LedgerEntryKind.Expire || expiry.ExternalEventId != CreditExpiry.EventIdFor(plan.OlderYear, account.AccountId))
            return $"{who}: the expiry is a {expiry.Kind} keyed {expiry.ExternalEventId}";
        return expiry.OccurredAt == plan.Cutoff.AddSeconds(-1) ? null : $"{who}: the expiry is dated {expiry.OccurredAt:O}, not the last second before {plan.Cutoff:O}";
    }
}
