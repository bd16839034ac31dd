using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours.Partners;

public sealed record PartnerDraft(string Code, string? NameZh, string? NameEn, IReadOnlyCollection<string> BehaviourCodes);

public sealed record PartnerSecretView(long Id, DateTime IssuedAt, DateTime? RetiredAt);

public sealed record PartnerView(string Code, string NameZh, string NameEn, PartnerStatus Status, DateTime RegisteredAt,
    IReadOnlyList<string> BehaviourCodes, IReadOnlyList<PartnerSecretView> Secrets, int ActiveLinks)
{
    /// <summary>How long the partner's pending events wait before the lifecycle job confirms them.</summary>
    public int PendingWindowHours { get; init; } = Partner.DefaultPendingWindowHours;
}

/// <summary>A secret shown once: the administrator hands it to the partner; only its sealed form is kept.</summary>
public sealed record IssuedPartnerSecret(long SecretId, string Secret);

/// <summary>
/// Mall administrators register, suspend, resume and rotate partners; each action is audited in its transaction, and
/// none ever writes a secret in clear, in the database or in the audit log.
/// </summary>
public sealed class PartnerService(CarbonDbContext db, AuditLog audit, ReferenceDataCache referenceData, IDataProtectionProvider protection,
    TimeProvider clock)
{
    /// <param name="presetSecret">The demo partners' fixed secret from Development settings; null makes a random one.</param>
    public async Task<IssuedPartnerSecret> RegisterAsync(Actor admin, PartnerDraft draft, string? presetSecret = null, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var issued = await db.InWriteTransactionAsync(async () =>
        {
            await RequireBehavioursAsync(draft.BehaviourCodes, ct);
            var partner = Partner.Register(draft.Code, draft.NameZh ?? "", draft.NameEn ?? "", draft.BehaviourCodes, Now);
            if (await db.Partners.AnyAsync(p => p.Code == partner.Code, ct))
                throw new DomainException(ErrorCodes.BadRequest, $"A partner with code '{partner.Code}' is already registered.");
            db.Partners.Add(partner);
            var (secret, clear) = PartnerSecret.Issue(partner.Code, Seal.Seal, Now, presetSecret);
            db.PartnerSecrets.Add(secret);
            await db.SaveChangesAsync(ct);
            audit.Record(admin, "partner.register", nameof(Partner), partner.Code, null, Describe(partner));
            await db.SaveChangesAsync(ct);
            return new IssuedPartnerSecret(secret.Id, clear);
        }, ct);
        referenceData.Clear();
        return issued;
    }

    /// <summary>Changes the names and the behaviours a partner may report; events already credited keep what they earned.</summary>
    public Task UpdateAsync(Actor admin, PartnerDraft draft, CancellationToken ct = default) =>
        ChangeAsync(admin, draft.Code, "partner.update", async partner =>
        {
            await RequireBehavioursAsync(draft.BehaviourCodes, ct);
            partner.Rename(draft.NameZh, draft.NameEn);
            partner.Allow(draft.BehaviourCodes);
        }, ct);

    /// <summary>How long this partner's pending events wait for a confirmation or a reversal before the lifecycle job confirms them.</summary>
    public Task SetPendingWindowAsync(Actor admin, string code, int hours, CancellationToken ct = default) =>
        ChangeAsync(admin, code, "partner.pending-window", partner =>
        {
            partner.SetPendingWindow(hours);
            return Task.CompletedTask;
        }, ct);

    public Task SuspendAsync(Actor admin, string code, CancellationToken ct = default) =>
        ChangeAsync(admin, code, "partner.suspend", partner =>
        {
            partner.Suspend();
            return Task.CompletedTask;
        }, ct);

    public Task ResumeAsync(Actor admin, string code, CancellationToken ct = default) =>
        ChangeAsync(admin, code, "partner.resume", partner =>
        {
            partner.Resume();
            return Task.CompletedTask;
        }, ct);

    /// <summary>Issues a new secret beside the ones in use, so the partner can switch without a gap; retire the old one after.</summary>
    public async Task<IssuedPartnerSecret> RotateSecretAsync(Actor admin, string code, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var issued = await db.InWriteTransactionAsync(async () =>
        {
            var partner = await FindAsync(code, ct);
            var (secret, clear) = PartnerSecret.Issue(partner.Code, Seal.Seal, Now);
            db.PartnerSecrets.Add(secret);
            await db.SaveChangesAsync(ct);
            audit.Record(admin, "partner.rotate_secret", nameof(Partner), partner.Code, null, new { SecretId = secret.Id, secret.IssuedAt });
            await db.SaveChangesAsync(ct);
            return new IssuedPartnerSecret(secret.Id, clear);
        }, ct);
        referenceData.Clear();
        return issued;
    }

    /// <summary>Retires a secret: calls signed with it are refused. The last active secret cannot be retired; suspend the partner instead.</summary>
    public async Task RetireSecretAsync(Actor admin, string code, long secretId, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var secret = await db.PartnerSecrets.SingleOrDefaultAsync(s => s.Id == secretId && s.PartnerCode == code, ct)
                ?? throw new DomainException(ErrorCodes.NotFound, $"Partner '{code}' has no secret #{secretId}.");
            if (!secret.IsActive) return;
            if (!await db.PartnerSecrets.AnyAsync(s => s.PartnerCode == code && s.RetiredAt == null && s.Id != secretId, ct))
                throw new DomainException(ErrorCodes.InvalidState, "This is the partner's only active secret: issue a new one first, or suspend the partner.");
            secret.Retire(Now);
            audit.Record(admin, "partner.retire_secret", nameof(Partner), code, new { SecretId = secretId, RetiredAt = (DateTime?)null },
                new { SecretId = secretId, secret.RetiredAt });
            await db.SaveChangesAsync(ct);
        }, ct);
        referenceData.Clear();
    }

    public async Task<IReadOnlyList<PartnerView>> ListAsync(Actor admin, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var partners = await db.Partners.AsNoTracking().Include(p => p.Behaviours).OrderBy(p => p.Code).ToListAsync(ct);
        var secrets = (await db.PartnerSecrets.AsNoTracking().OrderBy(s => s.Id)
                .Select(s => new { s.PartnerCode, View = new PartnerSecretView(s.Id, s.IssuedAt, s.RetiredAt) }).ToListAsync(ct))
            .ToLookup(s => s.PartnerCode, s => s.View);
        var links = await db.PartnerLinks.Where(l => l.RevokedAt == null).GroupBy(l => l.PartnerCode)
            .Select(g => new { Code = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Code, g => g.Count, ct);
        return partners.Select(p => new PartnerView(p.Code, p.Name.Zh, p.Name.En, p.Status, p.RegisteredAt,
                p.Behaviours.Select(b => b.BehaviourCode).Order(StringComparer.Ordinal).ToList(), secrets[p.Code].ToList(), links.GetValueOrDefault(p.Code))
                { PendingWindowHours = p.PendingWindowHours })
            .ToList();
    }

    private SecretSeal Seal => SecretSeal.For(protection, SecretPurposes.PartnerSecrets);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task ChangeAsync(Actor admin, string code, string action, Func<Partner, Task> change, CancellationToken ct)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var partner = await FindAsync(code, ct);
            var before = Describe(partner);
            await change(partner);
            audit.Record(admin, action, nameof(Partner), partner.Code, before, Describe(partner));
            await db.SaveChangesAsync(ct);
        }, ct);
        referenceData.Clear();
    }

    private async Task<Partner> FindAsync(string code, CancellationToken ct) =>
        await db.Partners.Include(p => p.Behaviours).SingleOrDefaultAsync(p => p.Code == code, ct)
        ?? throw new DomainException(ErrorCodes.NotFound, $"There is no partner '{code}'.");

    private async Task RequireBehavioursAsync(IReadOnlyCollection<string> codes, CancellationToken ct)
    {
        var known = await db.GreenBehaviours.Select(b => b.Code).ToListAsync(ct);
        if (codes.FirstOrDefault(c => !known.Contains(c)) is { } unknown)
            throw new DomainException(ErrorCodes.UnknownBehaviour, $"There is no green behaviour '{unknown}'.");
    }

    private static object Describe(Partner partner) => new
    {
        partner.Code, partner.Name.Zh, partner.Name.En, partner.Status, partner.PendingWindowHours,
        Behaviours = partner.Behaviours.Select(b => b.BehaviourCode).Order(StringComparer.Ordinal).ToList(),
    };
}
