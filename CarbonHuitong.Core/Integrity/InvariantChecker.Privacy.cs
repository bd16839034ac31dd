using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// Closed accounts' invariants: a voided coupon belongs to a closed account and its price came back by its own Void
/// entry; a closed account holds nothing (zero balance, no usable coupon), can no longer sign in and keeps no
/// personal field beyond its pseudonym.
/// </summary>
public sealed partial class InvariantChecker
{
    private async Task<InvariantCheck> VoidedCouponHasItsEntryAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.VoidedCouponHasItsEntry, "every voided coupon is a closed account's, with its Void entry", "voided coupon",
            await db.Coupons.LongCountAsync(c => c.Status == CouponStatus.Voided, ct), "coupon",
            from c in db.Coupons.AsNoTracking()
            where c.Status == CouponStatus.Voided
            join a in db.CarbonAccounts on c.AccountId equals a.Id
            join s in db.LedgerEntries on c.SpendEntryId equals s.Id
            let voidCount = db.LedgerEntries.Count(e => e.Kind == LedgerEntryKind.Void && e.AccountId == c.AccountId && e.Reference == c.Code)
            let voidHundredths = db.LedgerEntries.Where(e => e.Kind == LedgerEntryKind.Void && e.AccountId == c.AccountId && e.Reference == c.Code)
                .Sum(e => (long?)e.CreditHundredths) ?? 0L
            where a.ClosedAt == null || voidCount != 1 || voidHundredths != -s.CreditHundredths
            orderby c.Id
            select new { c.Id, c.AccountId, Closed = a.ClosedAt != null, Voids = voidCount, voidHundredths, Paid = -s.CreditHundredths },
            c => new Violation(c.Id, !c.Closed ? $"#{c.Id} is voided but account #{c.AccountId} is open"
                : c.Voids != 1 ? $"#{c.Id} has {c.Voids} Void entries, not one"
                : $"#{c.Id} gave back {new Credits(c.voidHundredths)}; it cost {new Credits(c.Paid)}"), ct);

    private async Task<InvariantCheck> ClosedAccountHoldsNothingAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.ClosedAccountHoldsNothing, "every closed account holds nothing and has no sign-in", "closed account",
            await db.CarbonAccounts.LongCountAsync(a => a.ClosedAt != null, ct), "account",
            from a in db.CarbonAccounts.AsNoTracking()
            where a.ClosedAt != null
            join u in db.Users on a.UserId equals u.Id
            let usable = db.Coupons.Count(c => c.AccountId == a.Id && c.Status == CouponStatus.Unused && c.ExpiresAt > a.ClosedAt)
            let signIns = db.UserLogins.Count(l => l.UserId == u.Id) + db.UserTokens.Count(t => t.UserId == u.Id)
                + db.UserRoles.Count(r => r.UserId == u.Id)
            let personal = u.Email != null || u.PhoneNumber != null || u.Organization != null || !u.UserName!.StartsWith(AccountClosureService.PseudonymPrefix)
            where a.BalanceHundredths != 0 || usable != 0 || u.PasswordHash != null || signIns != 0 || u.LockoutEnd == null || personal
            orderby a.Id
            select new
            {
                a.Id, a.BalanceHundredths, Usable = usable, Password = u.PasswordHash != null, SignIns = signIns, Unlocked = u.LockoutEnd == null,
                Personal = personal,
            },
            a => new Violation(a.Id, $"#{a.Id} closed but " + string.Join(", ", new[]
            {
                a.BalanceHundredths != 0 ? $"holds {new Credits(a.BalanceHundredths)}" : null,
                a.Usable != 0 ? $"has {a.Usable} usable coupons" : null,
                a.Password ? "keeps a password" : null,
                a.SignIns != 0 ? $"keeps {a.SignIns} logins, tokens or roles" : null,
                a.Unlocked ? "is not locked out" : null,
                a.Personal ? "keeps personal fields" : null,
            }.Where(s => s is not null))), ct);
}
