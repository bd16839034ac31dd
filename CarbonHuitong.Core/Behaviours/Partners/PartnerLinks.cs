using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours.Partners;

/// <param name="LinkCode">The code to give the partner, as people read it ("ABCD-EFGH").</param>
public sealed record IssuedLinkCode(string PartnerCode, string LinkCode, DateTime ExpiresAt);

/// <param name="Created">False when this was a retry of a redemption already made: the same code for the same partner user.</param>
public sealed record LinkRedemption(string PartnerUserId, bool Created);

/// <summary>A citizen's link, with what it has brought in so far (from the ledger, which keeps it after the raw events go).</summary>
public sealed record PartnerLinkView(string PartnerCode, string PartnerUserId, DateTime LinkedAt, DateTime? RevokedAt, DateTime? EventsDeletedAt,
    int Events, Credits Credits, CarbonMass Reduction);

/// <summary>The result of a revocation: whether raw events were deleted, and how many.</summary>
public sealed record LinkRevocation(string PartnerCode, DateTime RevokedAt, int EventsDeleted);

/// <summary>
/// Consent, per partner: the citizen asks for a one-time link code, the partner redeems it for its user, and from
/// then on that user's events are the citizen's, until the citizen revokes the link (and may have the raw events the
/// partner sent deleted; the ledger's entries stay as the record of the credits earned).
/// </summary>
public sealed class PartnerLinks(CarbonDbContext db, LedgerService ledger, TimeProvider clock)
{
    public async Task<IssuedLinkCode> IssueCodeAsync(long accountId, string? partnerCode, CancellationToken ct = default)
    {
        var partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Code == partnerCode && p.Status == PartnerStatus.Active, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"There is no partner '{partnerCode}' taking links.");
        return await db.InWriteTransactionAsync(async () =>
        {
            var account = await db.CarbonAccounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new { a.ClosedAt }).SingleOrDefaultAsync(ct)
                ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
            if (account.ClosedAt is not null) throw new DomainException(ErrorCodes.AccountClosed, "This account was closed by its owner.");
            if (await db.PartnerLinks.AnyAsync(l => l.PartnerCode == partner.Code && l.AccountId == accountId && l.RevokedAt == null, ct))
                throw new DomainException(ErrorCodes.AlreadyLinked, "Your account is already linked to this partner.");
            var (row, code) = PartnerLinkCode.Issue(partner.Code, accountId, Now);
            db.PartnerLinkCodes.Add(row);
            await db.SaveChangesAsync(ct);
            return new IssuedLinkCode(partner.Code, PartnerLinkCode.Display(code), row.ExpiresAt);
        }, ct);
    }

    /// <summary>The partner redeems a citizen's code for its user. A code works once; a retry of the same redemption answers as the first.</summary>
    public async Task<LinkRedemption> RedeemAsync(PartnerIdentity partner, string? linkCode, string? partnerUserId, CancellationToken ct = default)
    {
        var userId = DomainText.RequireId(partnerUserId, "partnerUserId", PartnerLink.MaxPartnerUserIdLength);
        var hash = PartnerLinkCode.Hash(linkCode) ?? throw InvalidCode();
        return await db.InWriteTransactionAsync(async () =>
        {
            var code = await db.PartnerLinkCodes.SingleOrDefaultAsync(c => c.CodeHash == hash && c.PartnerCode == partner.Code, ct) ?? throw InvalidCode();
            if (code.RedeemedAt is not null)
                return code.RedeemedFor == userId ? new LinkRedemption(userId, Created: false) : throw InvalidCode();
            if (code.ExpiresAt <= Now) throw InvalidCode();
            await ledger.LockForDecisionAsync([], [code.AccountId], ct);
            if (await db.PartnerLinks.AnyAsync(l => l.PartnerCode == partner.Code && l.AccountId == code.AccountId && l.RevokedAt == null, ct))
                throw new DomainException(ErrorCodes.AlreadyLinked, "This citizen is already linked to your platform.");
            var existing = await db.PartnerLinks.SingleOrDefaultAsync(l => l.PartnerCode == partner.Code && l.PartnerUserId == userId, ct);
            if (existing is null) db.PartnerLinks.Add(PartnerLink.Create(partner.Code, userId, code.AccountId, Now));
            // The same citizen consents again after revoking: the link is theirs again, from now.
            else if (!existing.IsActive && existing.AccountId == code.AccountId) existing.Renew(Now);
            else throw new DomainException(ErrorCodes.AlreadyLinked, "This partner user is already linked to a carbon account.");
            code.Redeem(userId, Now);
            await db.SaveChangesAsync(ct);
            return new LinkRedemption(userId, Created: true);
        }, ct);
    }

    public async Task<IReadOnlyList<PartnerLinkView>> ListAsync(long accountId, CancellationToken ct = default)
    {
        var links = await db.PartnerLinks.AsNoTracking().Where(l => l.AccountId == accountId).OrderBy(l => l.LinkedAt).ToListAsync(ct);
        if (links.Count == 0) return [];
        var sources = links.Select(l => Partner.SourceOf(l.PartnerCode)).ToList();
        var earned = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.Kind == LedgerEntryKind.Earn && sources.Contains(e.Source!))
            .GroupBy(e => e.Source)
            .Select(g => new { Source = g.Key!, Events = g.Count(), Hundredths = g.Sum(e => e.CreditHundredths), Milligrams = g.Sum(e => e.Milligrams) })
            .ToDictionaryAsync(g => g.Source, ct);
        return links.Select(l => earned.TryGetValue(Partner.SourceOf(l.PartnerCode), out var sum)
                ? new PartnerLinkView(l.PartnerCode, l.PartnerUserId, l.LinkedAt, l.RevokedAt, l.EventsDeletedAt, sum.Events, new Credits(sum.Hundredths),
                    new CarbonMass(sum.Milligrams))
                : new PartnerLinkView(l.PartnerCode, l.PartnerUserId, l.LinkedAt, l.RevokedAt, l.EventsDeletedAt, 0, Credits.Zero, new CarbonMass(0)))
            .ToList();
    }

    /// <summary>
    /// Withdraws consent: every later event for the partner user is refused with <c>consent_revoked</c>. With
    /// <paramref name="deleteEvents"/>, the raw events the partner sent for that user are deleted too (PIPL's right
    /// to deletion); the ledger's entries stay as the record of the credits already earned. Revoking again may still
    /// ask for the deletion.
    /// </summary>
    public async Task<LinkRevocation> RevokeAsync(long accountId, string partnerCode, bool deleteEvents, CancellationToken ct = default) =>
        await db.InWriteTransactionAsync(async () =>
        {
            // Taken like a batch takes it, so no batch of this citizen's events is half-way through while consent goes.
            await ledger.LockForDecisionAsync([], [accountId], ct);
            var links = await db.PartnerLinks.Where(l => l.PartnerCode == partnerCode && l.AccountId == accountId).ToListAsync(ct);
            if (links.Count == 0) throw new DomainException(ErrorCodes.NotFound, $"You have no link to partner '{partnerCode}'.");
            foreach (var link in links) link.Revoke(Now);
            var deleted = 0;
            if (deleteEvents)
            {
                var userIds = links.Select(l => l.PartnerUserId).ToList();
                deleted = await db.PartnerEvents.Where(e => e.PartnerCode == partnerCode && userIds.Contains(e.PartnerUserId)).ExecuteDeleteAsync(ct);
                foreach (var link in links) link.MarkEventsDeleted(Now);
            }
            await db.SaveChangesAsync(ct);
            return new LinkRevocation(partnerCode, links.Max(l => l.RevokedAt!.Value), deleted);
        }, ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static DomainException InvalidCode() =>
        new(ErrorCodes.InvalidLinkCode, "This link code is not one the citizen was given, has expired (codes last 10 minutes) or was already used.");
}
