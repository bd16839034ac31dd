using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// Claims' and claw-backs' invariants: an approved claim granted its credits by exactly its own Adjust entry of its
/// account (and an undecided or rejected one by none); every shortfall adds up (taken + shortfall = requested) and
/// the Adjust entry it names took exactly what it says.
/// </summary>
public sealed partial class InvariantChecker
{
    private async Task<InvariantCheck> ApprovedClaimGrantedByItsAdjustAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.ApprovedClaimGrantedByItsAdjust, "every approved claim granted its credits by its own Adjust entry", "claim",
            await db.Claims.LongCountAsync(ct), "claim",
            from c in db.Claims.AsNoTracking()
            where c.Status == ClaimStatus.Approved || c.AdjustEntryId != null
            join e in db.LedgerEntries on c.AdjustEntryId equals (long?)e.Id into granted
            from e in granted.DefaultIfEmpty()
            where c.Status != ClaimStatus.Approved || e == null || c.GrantedHundredths == null || c.GrantedHundredths <= 0
                || e.Kind != LedgerEntryKind.Adjust || e.AccountId != c.AccountId || e.CreditHundredths != c.GrantedHundredths
            orderby c.Id
            select new { c.Id, c.AccountId, c.Status, c.GrantedHundredths, EntryId = (long?)e.Id, Kind = (LedgerEntryKind?)e.Kind, EntryAccount = (long?)e.AccountId,
                Credits = (long?)e.CreditHundredths },
            c => new Violation(c.Id, c.Status != ClaimStatus.Approved ? $"#{c.Id} is {c.Status.ToString().ToLowerInvariant()} yet names entry #{c.EntryId}"
                : c.EntryId is null ? $"#{c.Id} is approved without its entry"
                : c.Kind != LedgerEntryKind.Adjust || c.EntryAccount != c.AccountId ? $"#{c.Id} names entry #{c.EntryId} ({c.Kind} of account #{c.EntryAccount}), not an Adjust of account #{c.AccountId}"
                : $"#{c.Id} granted {Describe(c.GrantedHundredths)}; its entry #{c.EntryId} moved {Describe(c.Credits)}"), ct);

    private async Task<InvariantCheck> ShortfallAddsUpAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.ShortfallAddsUp, "every claw-back shortfall adds up to what was asked, beside the Adjust that took the rest", "shortfall",
            await db.CreditShortfalls.LongCountAsync(ct), "shortfall",
            from s in db.CreditShortfalls.AsNoTracking()
            join e in db.LedgerEntries on s.EntryId equals (long?)e.Id into took
            from e in took.DefaultIfEmpty()
            where s.TakenHundredths + s.ShortfallHundredths != s.RequestedHundredths || s.ShortfallHundredths <= 0 || s.TakenHundredths < 0
                || (s.EntryId == null ? s.TakenHundredths != 0
                    : e == null || e.Kind != LedgerEntryKind.Adjust || e.AccountId != s.AccountId || e.CreditHundredths != -s.TakenHundredths)
            orderby s.Id
            select new { s.Id, s.RequestedHundredths, s.TakenHundredths, s.ShortfallHundredths, s.EntryId, Credits = (long?)e.CreditHundredths },
            s => new Violation(s.Id, s.TakenHundredths + s.ShortfallHundredths != s.RequestedHundredths || s.ShortfallHundredths <= 0 || s.TakenHundredths < 0
                ? $"#{s.Id} took {Describe(s.TakenHundredths)} and fell short by {Describe(s.ShortfallHundredths)} of {Describe(s.RequestedHundredths)}"
                : s.EntryId is null ? $"#{s.Id} took {Describe(s.TakenHundredths)} without an entry"
                : $"#{s.Id} took {Describe(s.TakenHundredths)}; its entry #{s.EntryId} moved {Describe(s.Credits)}"), ct);

    private static string Describe(long? hundredths) => hundredths is { } h ? new Credits(h).ToString() : "nothing";
}
