using System.Security.Cryptography;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Privacy;

/// <param name="Pseudonym">The user name the closed account keeps, <c>closed-…</c>; nothing else about the person is left.</param>
/// <param name="Replayed">True when the account was already closed: a retry, answered without changing anything.</param>
public sealed record ClosureResult(string Pseudonym, DateTime ClosedAt, int CouponsVoided, Credits Forfeited, bool Replayed);

/// <summary>
/// A citizen closes their own account (PIPL: a person can take their data and leave). In one transaction: every
/// coupon still usable is voided with a Void entry giving its price back, the balance is forfeited with a Forfeit
/// entry so the account ends at zero, the account is marked closed (the ledger refuses every later entry for it, so
/// it cannot ride or redeem), and the user row loses its sign-in (password, logins, tokens, roles; a new security
/// stamp ends every session; locked out for good) and its personal fields, replaced by a pseudonym. The user row
/// itself stays, so the account and its entries, the record of the credits, still point somewhere; the audit log's
/// copies of the email go too. A retry answers the first closure.
/// </summary>
public sealed class AccountClosureService(CarbonDbContext db, UserManager<ApplicationUser> users, LedgerService ledger, PendingCredits pending,
    AuditLog audit, TimeProvider clock)
{
    /// <summary>The ledger source of the closure's entries; their event ids make a retry a twin.</summary>
    public const string LedgerSource = "closure";

    public const string PseudonymPrefix = "closed-";

    public const string AuditAction = "account.close";

    /// <param name="password">The citizen's password, entered again: closing is not undone.</param>
    public async Task<ClosureResult> CloseAsync(Actor citizen, string? password, CancellationToken ct = default)
    {
        var account = await db.CarbonAccounts.AsNoTracking().Where(a => a.UserId == citizen.UserId)
            .Select(a => new { a.Id, a.ClosedAt }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
        if (account.ClosedAt is not null) return await EarlierAsync(account.Id, ct);

        var user = await users.FindByIdAsync(citizen.UserId) ?? throw new DomainException(ErrorCodes.AccountNotFound, "There is no such user.");
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            // A twin request that closed the account meanwhile took the password with it: answer as it did.
            if (await EarlierIfClosedAsync(account.Id, ct) is { } closedMeanwhile) return closedMeanwhile;
            // A wrong password counts towards the lockout, as a wrong sign-in does.
            await users.AccessFailedAsync(user);
            throw new DomainException(ErrorCodes.WrongPassword, "The password is not right.");
        }
        db.ChangeTracker.Clear();
        return await db.InWriteTransactionAsync(() => CloseInTransactionAsync(citizen, account.Id, ct),
            earlier: () => EarlierIfClosedAsync(account.Id, ct), ct);
    }

    private async Task<ClosureResult> CloseInTransactionAsync(Actor citizen, long accountId, CancellationToken ct)
    {
        // On PostgreSQL the account's row is locked first, so a second closure waits here and then finds it closed.
        if (!db.Database.IsSqlite())
            await db.Database.SqlQuery<long>($"""SELECT "Id" AS "Value" FROM "CarbonAccounts" WHERE "Id" = {accountId} FOR UPDATE""").ToListAsync(ct);
        if (await db.CarbonAccounts.AnyAsync(a => a.Id == accountId && a.ClosedAt != null, ct)) return await EarlierAsync(accountId, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        await pending.ReverseAllOfAsync(accountId, "Account closed", ct);
        var voided = await VoidUsableCouponsAsync(accountId, now, ct);
        var balance = new Credits(await db.CarbonAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceHundredths).SingleAsync(ct));
        if (balance > Credits.Zero) await ledger.AppendAsync(LedgerEntry.Forfeit(accountId, balance, LedgerSource, $"forfeit/{accountId}", now), ct);
        // Last, since from here on the ledger refuses the account's entries.
        await db.CarbonAccounts.Where(a => a.Id == accountId && a.ClosedAt == null).ExecuteUpdateAsync(set => set.SetProperty(a => a.ClosedAt, now), ct);
        // Closing withdraws every consent: the partners' later events are refused as consent_revoked.
        await db.PartnerLinks.Where(l => l.AccountId == accountId && l.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.RevokedAt, now), ct);

        var pseudonym = PseudonymPrefix + RandomNumberGenerator.GetHexString(16, lowercase: true);
        await EraseUserAsync(citizen.UserId, pseudonym, ct);
        audit.Record(citizen with { Email = pseudonym }, AuditAction, "CarbonAccount", accountId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            before: null, after: new { Pseudonym = pseudonym, CouponsVoided = voided, Forfeited = balance.Value });
        await db.SaveChangesAsync(ct);
        return new ClosureResult(pseudonym, now, voided, balance, Replayed: false);
    }

    /// <summary>Each usable coupon becomes Voided, and one Void entry per coupon gives back the credits its Spend took.</summary>
    private async Task<int> VoidUsableCouponsAsync(long accountId, DateTime now, CancellationToken ct)
    {
        var usable = await db.Coupons.Where(c => c.AccountId == accountId).Where(CouponRules.UsableAt(now))
            .Join(db.LedgerEntries, c => c.SpendEntryId, e => e.Id, (c, e) => new { c.Id, c.Code, PaidHundredths = -e.CreditHundredths })
            .OrderBy(c => c.Id).ToListAsync(ct);
        if (usable.Count == 0) return 0;
        var ids = usable.Select(c => c.Id).ToList();
        var marked = await db.Coupons.Where(c => ids.Contains(c.Id) && c.Status == CouponStatus.Unused)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CouponStatus.Voided), ct);
        // A ride used one of them between the read and the update: nothing is given back for a coupon that paid a fare,
        // so the whole closure rolls back and the citizen tries again.
        if (marked != usable.Count)
            throw new DomainException(ErrorCodes.Unavailable, "A coupon was used while the account was being closed; try again.");
        await ledger.AppendAsync(usable.Select(c => LedgerEntry.VoidCoupon(accountId, new Credits(c.PaidHundredths), c.Code, LedgerSource,
            $"void/{c.Id}", now)).ToList(), ct);
        return usable.Count;
    }

    /// <summary>Set-based, so Identity's validators (which want an email) do not stand in the way of erasing it.</summary>
    private async Task EraseUserAsync(string userId, string pseudonym, CancellationToken ct)
    {
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.UserName, pseudonym)
            .SetProperty(u => u.NormalizedUserName, pseudonym.ToUpperInvariant())
            .SetProperty(u => u.Email, (string?)null)
            .SetProperty(u => u.NormalizedEmail, (string?)null)
            .SetProperty(u => u.EmailConfirmed, false)
            .SetProperty(u => u.PhoneNumber, (string?)null)
            .SetProperty(u => u.PhoneNumberConfirmed, false)
            .SetProperty(u => u.Organization, (string?)null)
            .SetProperty(u => u.PasswordHash, (string?)null)
            .SetProperty(u => u.TwoFactorEnabled, false)
            .SetProperty(u => u.AccessFailedCount, 0)
            .SetProperty(u => u.LockoutEnabled, true)
            .SetProperty(u => u.LockoutEnd, DateTimeOffset.MaxValue)
            .SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N"))
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()), ct);
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        // The audit log keeps who did what under the user's id; only its copy of the email goes (the one update its trigger allows).
        await db.AuditEntries.Where(e => e.ActorUserId == userId).ExecuteUpdateAsync(set => set.SetProperty(e => e.ActorEmail, pseudonym), ct);
    }

    private async Task<ClosureResult?> EarlierIfClosedAsync(long accountId, CancellationToken ct) =>
        await db.CarbonAccounts.AnyAsync(a => a.Id == accountId && a.ClosedAt != null, ct) ? await EarlierAsync(accountId, ct) : null;

    private async Task<ClosureResult> EarlierAsync(long accountId, CancellationToken ct)
    {
        var closed = await db.CarbonAccounts.AsNoTracking().Where(a => a.Id == accountId)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.ClosedAt, u.UserName })
            .SingleAsync(ct);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId && e.Source == LedgerSource)
            .GroupBy(e => e.Kind).Select(g => new { Kind = g.Key, Count = g.Count(), Hundredths = g.Sum(e => e.CreditHundredths) }).ToListAsync(ct);
        return new ClosureResult(closed.UserName ?? "", closed.ClosedAt!.Value,
            entries.Where(e => e.Kind == LedgerEntryKind.Void).Sum(e => e.Count),
            new Credits(-entries.Where(e => e.Kind == LedgerEntryKind.Forfeit).Sum(e => e.Hundredths)), Replayed: true);
    }
}
