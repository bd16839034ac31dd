using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Claims;

/// <summary>Why and since when an account is frozen, as the citizen is shown it.</summary>
public sealed record AccountFreeze(DateTime FrozenAtUtc, string Reason);

/// <summary>
/// A mall administrator freezes an account suspected of fraud, with a reason the citizen is shown, and lifts the freeze.
/// The ledger does the rest: a frozen account is refused every earn and spend (<c>account_frozen</c>), so scans,
/// redemptions and partner events stop, while corrections (adjustments, claw-backs, expiry) still go through.
/// Each change is audited, and the citizen notified, in its transaction.
/// </summary>
public sealed class AccountFreezes(CarbonDbContext db, AuditLog audit, TimeProvider clock)
{
    public Task FreezeAsync(Actor admin, long accountId, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        reason = DomainText.Require(reason, "reason", CarbonAccount.MaxFrozenReasonLength);
        var now = clock.GetUtcNow().UtcDateTime;
        return db.InWriteTransactionAsync(async () =>
        {
            var frozen = await db.CarbonAccounts.Where(a => a.Id == accountId && a.FrozenAt == null && a.ClosedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.FrozenAt, now).SetProperty(a => a.FrozenReason, reason), ct);
            if (frozen == 0) throw await RefusalAsync(accountId, expectFrozen: false, ct);
            audit.Record(admin, "account.freeze", nameof(CarbonAccount), accountId.ToString(), null, new { FrozenAt = now, Reason = reason });
            db.Notifications.Add(Notification.Of(accountId, NotificationKind.AccountFrozen, $"account-frozen/{now.Ticks}", now, detail: reason));
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>Lifts a freeze; the reason is the administrator's, kept in the audit log and told to the citizen.</summary>
    public Task UnfreezeAsync(Actor admin, long accountId, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        reason = DomainText.Require(reason, "reason", CarbonAccount.MaxFrozenReasonLength);
        var now = clock.GetUtcNow().UtcDateTime;
        return db.InWriteTransactionAsync(async () =>
        {
            var before = await db.CarbonAccounts.Where(a => a.Id == accountId && a.FrozenAt != null)
                .Select(a => new { a.FrozenAt, a.FrozenReason }).SingleOrDefaultAsync(ct);
            // Read committed: a second unfreeze waits for the first's row lock, then finds nothing frozen to lift.
            var lifted = before is null ? 0 : await db.CarbonAccounts.Where(a => a.Id == accountId && a.FrozenAt != null)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.FrozenAt, (DateTime?)null).SetProperty(a => a.FrozenReason, (string?)null), ct);
            if (lifted == 0) throw await RefusalAsync(accountId, expectFrozen: true, ct);
            audit.Record(admin, "account.unfreeze", nameof(CarbonAccount), accountId.ToString(), before, new { Reason = reason });
            db.Notifications.Add(Notification.Of(accountId, NotificationKind.AccountUnfrozen, $"account-unfrozen/{now.Ticks}", now, detail: reason));
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>The account's freeze, or null when it is not frozen: what the citizen's pages show.</summary>
    public Task<AccountFreeze?> FreezeOfAsync(long accountId, CancellationToken ct = default) =>
        db.CarbonAccounts.AsNoTracking().Where(a => a.Id == accountId && a.FrozenAt != null)
            .Select(a => new AccountFreeze(a.FrozenAt!.Value, a.FrozenReason ?? "")).SingleOrDefaultAsync(ct);

    private async Task<DomainException> RefusalAsync(long accountId, bool expectFrozen, CancellationToken ct)
    {
        var account = await db.CarbonAccounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { Closed = a.ClosedAt != null, Frozen = a.FrozenAt != null }).SingleOrDefaultAsync(ct);
        return account switch
        {
            null => new DomainException(ErrorCodes.AccountNotFound, $"There is no carbon account {accountId}."),
            { Closed: true } when !expectFrozen => new DomainException(ErrorCodes.AccountClosed, "This account was closed by its owner."),
            _ => new DomainException(ErrorCodes.InvalidState, expectFrozen ? $"Account {accountId} is not frozen." : $"Account {accountId} is already frozen."),
        };
    }
}
