using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Ledger;

/// <summary>What a claw-back took, and what it could not (recorded as a <see cref="CreditShortfall"/>).</summary>
/// <param name="EntryId">The Adjust entry that took <paramref name="Taken"/>; null when the balance held nothing.</param>
public sealed record ClawBack(Credits Requested, Credits Taken, Credits Shortfall, Credits Balance, long? EntryId);

/// <summary>A mall administrator's correction of a balance, positive or negative, appended and audited in one transaction.</summary>
public sealed class AdjustmentService(CarbonDbContext db, LedgerService ledger, CreditExpiry expiry, AuditLog audit, TimeProvider clock)
{
    public async Task<AppendOutcome> AdjustAsync(Actor admin, long accountId, Credits delta, string reason, CancellationToken ct = default) =>
        (await AdjustAsync(admin, [(accountId, delta)], reason, ct))[0];

    /// <summary>The same correction for many accounts (a goodwill grant after an outage, say): one append, one audit entry each.</summary>
    public Task<IReadOnlyList<AppendOutcome>> AdjustAsync(Actor admin, IReadOnlyList<(long AccountId, Credits Delta)> adjustments, string reason,
        CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = adjustments.Select(a => LedgerEntry.Adjust(a.AccountId, a.Delta, reason, admin.UserId, now)).ToList();
        return db.InWriteTransactionAsync(async () =>
        {
            // A deduction takes from what is still valid: credits already past their cutoff expire first.
            foreach (var accountId in entries.Where(e => e.CreditHundredths < 0).Select(e => e.AccountId).Distinct())
                await expiry.ExpireDueForAsync(accountId, ct);
            var adjusted = await ledger.AppendAsync(entries, ct);
            for (var i = 0; i < entries.Count; i++)
                audit.Record(admin, "ledger.adjust", nameof(CarbonAccount), entries[i].AccountId.ToString(), null,
                    new { Credits = entries[i].Credits.Value, entries[i].Description, Balance = adjusted[i].Balance.Value });
            await db.SaveChangesAsync(ct);
            return adjusted;
        }, ct);
    }

    /// <summary>
    /// Takes back credits proven fraudulent: as much of <paramref name="credits"/> as the balance holds, through one
    /// audited negative Adjust, never below zero. What could not be taken is recorded as a shortfall in the same
    /// transaction, for the reports. A frozen account is clawed back too: a correction, not a spend.
    /// </summary>
    public async Task<ClawBack> ClawBackAsync(Actor admin, long accountId, Credits credits, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        if (credits <= Credits.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "A claw-back takes more than zero credits.");
        reason = DomainText.Require(reason, "reason", LedgerEntry.MaxDescriptionLength);
        return await db.InWriteTransactionAsync(async () =>
        {
            // The balance read is the one the deduction moves: on PostgreSQL the account stays locked until the commit.
            await ledger.LockForDecisionAsync([], [accountId], ct);
            if (!await db.CarbonAccounts.AnyAsync(a => a.Id == accountId, ct))
                throw new DomainException(ErrorCodes.AccountNotFound, $"There is no carbon account {accountId}.");
            await expiry.ExpireDueForAsync(accountId, ct);
            var balance = new Credits(await db.CarbonAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceHundredths).SingleAsync(ct));
            var taken = credits < balance ? credits : balance;
            var now = clock.GetUtcNow().UtcDateTime;
            AppendOutcome? deducted = taken > Credits.Zero ? await ledger.AppendAsync(LedgerEntry.Adjust(accountId, -taken, reason, admin.UserId, now), ct) : null;
            var shortfall = credits - taken;
            if (shortfall > Credits.Zero)
                db.CreditShortfalls.Add(CreditShortfall.Of(accountId, credits.Hundredths, taken.Hundredths, reason, admin.UserId, deducted?.EntryId, now));
            var left = deducted?.Balance ?? balance;
            audit.Record(admin, "ledger.claw_back", nameof(CarbonAccount), accountId.ToString(), new { Balance = balance.Value },
                new { Requested = credits.Value, Taken = taken.Value, Shortfall = shortfall.Value, Balance = left.Value, EntryId = deducted?.EntryId, Reason = reason });
            await db.SaveChangesAsync(ct);
            return new ClawBack(credits, taken, shortfall, left, deducted?.EntryId);
        }, ct);
    }
}
