using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;

namespace CarbonHuitong.Core.Ledger;

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
}
