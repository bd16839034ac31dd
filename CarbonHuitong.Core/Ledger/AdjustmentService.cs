using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;

namespace CarbonHuitong.Core.Ledger;

/// <summary>A mall administrator's correction of a balance, positive or negative, appended and audited in one transaction.</summary>
public sealed class AdjustmentService(CarbonDbContext db, LedgerService ledger, AuditLog audit, TimeProvider clock)
{
    public Task<AppendOutcome> AdjustAsync(Actor admin, long accountId, Credits delta, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var entry = LedgerEntry.Adjust(accountId, delta, reason, admin.UserId, clock.GetUtcNow().UtcDateTime);
        return db.InWriteTransactionAsync(async () =>
        {
            var adjusted = await ledger.AppendAsync(entry, ct);
            audit.Record(admin, "ledger.adjust", nameof(CarbonAccount), accountId.ToString(), null,
                new { Credits = delta.Value, entry.Description, Balance = adjusted.Balance.Value });
            await db.SaveChangesAsync(ct);
            return adjusted;
        }, ct);
    }
}
