using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Claims;

/// <summary>What a citizen claims, as they tell it.</summary>
/// <param name="OccurredAtUtc">When it happened; for an appeal, the partner's own time of the event is used instead.</param>
/// <param name="Place">Where: a bus line and stop, a shop; for an appeal it may be left out (the partner's app).</param>
public sealed record ClaimDraft(ClaimKind Kind, DateTime? OccurredAtUtc, string? Place, string? Note, string? BehaviourCode = null,
    string? PartnerCode = null, string? PartnerEventId = null);

/// <param name="Email">The citizen's email, as the administrators' queue shows them.</param>
/// <param name="AppealedCode">For an appeal: what the platform answered the partner's event (<c>counted_elsewhere</c>, <c>daily_cap</c>).</param>
public sealed record ClaimView(long Id, long AccountId, string? Email, ClaimKind Kind, DateTime OccurredAtUtc, string Place, string Note,
    string? BehaviourCode, string? PartnerCode, string? PartnerEventId, DateTime SubmittedAtUtc, ClaimStatus Status, DateTime? DecidedAtUtc,
    string? DecisionReason, Credits? Granted, string? AppealedCode);

/// <param name="Replayed">A retry with a request id already used: the claim filed the first time.</param>
public sealed record FiledClaim(ClaimView Claim, bool Replayed);

/// <summary>
/// Claims for credits the platform did not give: a citizen files one within the claim window (or appeals a partner
/// event answered <c>counted_elsewhere</c> or <c>daily_cap</c>); a mall administrator approves it with an audited Adjust
/// entry or rejects it with a reason, and the citizen is notified either way, in the decision's transaction.
/// </summary>
public sealed class ClaimService(CarbonDbContext db, AdjustmentService adjustments, AuditLog audit, IOptions<EarningOptions> earning, TimeProvider clock)
{
    /// <summary>How far ahead of the server's clock a claimed time may be: a phone's clock runs a little fast.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The refusals an appeal may answer: the platform counted the act elsewhere, or only up to the daily cap.</summary>
    public static readonly IReadOnlyList<string> AppealableCodes = [PartnerEventCodes.CountedElsewhere, PartnerEventCodes.DailyCap];

    /// <param name="requestId">The client's id for this claim; a retry or a double submit with it files one claim.</param>
    public async Task<FiledClaim> FileAsync(long accountId, ClaimDraft draft, string requestId, CancellationToken ct = default)
    {
        DomainText.RequireId(requestId, "request id", Claim.MaxRequestIdLength);
        if (await AnswerEarlierAsync(accountId, draft, requestId, ct) is { } earlier) return earlier;
        await RequireOpenAccountAsync(accountId, ct);
        var (occurredAt, place, behaviourCode) = draft.Kind == ClaimKind.Appeal
            ? await CheckAppealAsync(accountId, draft, ct)
            : (Utc(draft.OccurredAtUtc ?? throw new DomainException(ErrorCodes.BadRequest, "Say when it happened.")), draft.Place,
                DomainText.Optional(draft.BehaviourCode, "behaviour", PartnerEvent.MaxBehaviourCodeLength));
        RequireWithinWindow(occurredAt);
        if (behaviourCode is not null && !await db.GreenBehaviours.AnyAsync(b => b.Code == behaviourCode, ct))
            throw new DomainException(ErrorCodes.UnknownBehaviour, $"There is no green behaviour '{behaviourCode}'.");
        var partnerCode = DomainText.Optional(draft.PartnerCode, "partner", Partner.MaxCodeLength);
        if (partnerCode is not null && !await db.Partners.AnyAsync(p => p.Code == partnerCode, ct))
            throw new DomainException(ErrorCodes.NotFound, $"There is no partner '{partnerCode}'.");

        var claim = Claim.File(accountId, draft.Kind, occurredAt, place ?? "", draft.Note ?? "", behaviourCode, partnerCode,
            DomainText.Optional(draft.PartnerEventId, "partner event id", PartnerEvent.MaxEventIdLength), requestId, Now);
        // A double submit that committed first makes the unique (account, request id) index refuse this one: answer it.
        return await db.InWriteTransactionAsync(async () =>
        {
            db.Claims.Add(claim);
            await db.SaveChangesAsync(ct);
            return new FiledClaim(await ViewAsync(claim.Id, ct), Replayed: false);
        }, earlier: () => AnswerEarlierAsync(accountId, draft, requestId, ct), ct);
    }

    /// <summary>The citizen's own claims, newest first.</summary>
    public Task<Page<ClaimView>> ListMineAsync(long accountId, int pageNumber, int pageSize, CancellationToken ct = default) =>
        db.Claims.AsNoTracking().Where(c => c.AccountId == accountId)
            .ToPageAsync(new PageRequest(pageNumber, pageSize), rows => Views(rows.OrderByDescending(c => c.SubmittedAt).ThenByDescending(c => c.Id)), ct);

    public Task<ClaimView?> FindMineAsync(long accountId, long claimId, CancellationToken ct = default) =>
        Views(db.Claims.AsNoTracking().Where(c => c.AccountId == accountId && c.Id == claimId)).SingleOrDefaultAsync(ct);

    /// <summary>The open claims, oldest first: the administrators' queue.</summary>
    public Task<Page<ClaimView>> ListOpenAsync(Actor admin, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        return db.Claims.AsNoTracking().Where(c => c.Status == ClaimStatus.Open)
            .ToPageAsync(new PageRequest(pageNumber, pageSize), rows => Views(rows.OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id)), ct);
    }

    /// <summary>Decided claims, the latest decision first; <paramref name="status"/> keeps only the approved or the rejected.</summary>
    public Task<Page<ClaimView>> ListDecidedAsync(Actor admin, ClaimStatus? status, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        if (status == ClaimStatus.Open) throw new DomainException(ErrorCodes.BadRequest, "Open claims are in the queue, not among the decided.");
        var decided = db.Claims.AsNoTracking().Where(c => c.Status != ClaimStatus.Open);
        if (status is { } only) decided = decided.Where(c => c.Status == only);
        return decided.ToPageAsync(new PageRequest(pageNumber, pageSize),
            rows => Views(rows.OrderByDescending(c => c.DecidedAt).ThenByDescending(c => c.Id)), ct);
    }

    /// <summary>
    /// Grants <paramref name="credits"/> for an open claim: one transaction appends the audited Adjust entry, marks the
    /// claim approved with it and tells the citizen. A claim already decided is refused with <c>invalid_state</c>, so two
    /// administrators approving at once grant once.
    /// </summary>
    public async Task<ClaimView> ApproveAsync(Actor admin, long claimId, Credits credits, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        if (credits <= Credits.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "An approval grants more than zero credits.");
        reason = DomainText.Require(reason, "reason", Claim.MaxReasonLength);
        await db.InWriteTransactionAsync(async () =>
        {
            var claim = await LockOpenAsync(claimId, ct);
            var granted = await adjustments.AdjustAsync(admin, claim.AccountId, credits, reason, ct);
            var now = Now;
            claim.Approve(admin.UserId, reason, credits.Hundredths, granted.EntryId, now);
            db.Notifications.Add(Notification.Of(claim.AccountId, NotificationKind.ClaimApproved, $"claim-approved/{claim.Id}", now,
                creditHundredths: credits.Hundredths, subject: claim.Id.ToString(), detail: reason));
            audit.Record(admin, "claim.approve", nameof(Claim), claim.Id.ToString(), new { Status = ClaimStatus.Open },
                new { claim.Status, Credits = credits.Value, EntryId = granted.EntryId, Reason = reason });
            await db.SaveChangesAsync(ct);
        }, ct);
        return await ViewAsync(claimId, ct);
    }

    /// <summary>Rejects an open claim with a reason the citizen reads; audited and notified in one transaction.</summary>
    public async Task<ClaimView> RejectAsync(Actor admin, long claimId, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        reason = DomainText.Require(reason, "reason", Claim.MaxReasonLength);
        await db.InWriteTransactionAsync(async () =>
        {
            var claim = await LockOpenAsync(claimId, ct);
            var now = Now;
            claim.Reject(admin.UserId, reason, now);
            db.Notifications.Add(Notification.Of(claim.AccountId, NotificationKind.ClaimRejected, $"claim-rejected/{claim.Id}", now,
                subject: claim.Id.ToString(), detail: reason));
            audit.Record(admin, "claim.reject", nameof(Claim), claim.Id.ToString(), new { Status = ClaimStatus.Open },
                new { claim.Status, Reason = reason });
            await db.SaveChangesAsync(ct);
        }, ct);
        return await ViewAsync(claimId, ct);
    }

    /// <summary>
    /// The claim, read under a lock on PostgreSQL (SQLite's write lock already holds), so a second decision waits for the
    /// first and then finds it decided. Only an open claim may be decided.
    /// </summary>
    private async Task<Claim> LockOpenAsync(long claimId, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
            await db.Database.SqlQuery<long>($"""SELECT "Id" AS "Value" FROM "Claims" WHERE "Id" = {claimId} FOR UPDATE""").ToListAsync(ct);
        var claim = await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"There is no claim {claimId}.");
        if (claim.Status != ClaimStatus.Open)
            throw new DomainException(ErrorCodes.InvalidState, $"Claim {claimId} was already {claim.Status.ToString().ToLowerInvariant()}.");
        return claim;
    }

    private async Task<(DateTime OccurredAt, string? Place, string? BehaviourCode)> CheckAppealAsync(long accountId, ClaimDraft draft, CancellationToken ct)
    {
        var partnerCode = DomainText.Optional(draft.PartnerCode, "partner", Partner.MaxCodeLength)
            ?? throw new DomainException(ErrorCodes.BadRequest, "An appeal names the partner that sent the event.");
        var eventId = DomainText.Optional(draft.PartnerEventId, "partner event id", PartnerEvent.MaxEventIdLength)
            ?? throw new DomainException(ErrorCodes.BadRequest, "An appeal names the partner's event id.");
        var appealed = await db.PartnerEvents.AsNoTracking()
            .Where(p => p.PartnerCode == partnerCode && p.EventId == eventId && p.AccountId == accountId)
            .Select(p => new { p.Code, p.OccurredAt, p.BehaviourCode }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException(ErrorCodes.NotFound, $"{partnerCode} sent no event '{eventId}' for you.");
        if (appealed.Code is null || !AppealableCodes.Contains(appealed.Code))
            throw new DomainException(ErrorCodes.InvalidEvent,
                $"Only an event answered counted_elsewhere or daily_cap can be appealed; this one was answered {appealed.Code ?? "accepted"}.");
        var pending = await db.Claims.AsNoTracking().Where(c => c.AccountId == accountId && c.Kind == ClaimKind.Appeal && c.PartnerCode == partnerCode
            && c.PartnerEventId == eventId && c.Status != ClaimStatus.Rejected).Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
        if (pending is { } other)
            throw new DomainException(ErrorCodes.InvalidState, $"This event is already appealed, in claim {other}.");
        var behaviour = DomainText.Optional(draft.BehaviourCode, "behaviour", PartnerEvent.MaxBehaviourCodeLength) ?? appealed.BehaviourCode;
        return (appealed.OccurredAt, string.IsNullOrWhiteSpace(draft.Place) ? partnerCode : draft.Place, behaviour);
    }

    private void RequireWithinWindow(DateTime occurredAtUtc)
    {
        var now = Now;
        if (occurredAtUtc > now + ClockSkew) throw new DomainException(ErrorCodes.BadRequest, "A claim is for something that already happened, not a time in the future.");
        if (occurredAtUtc < now - earning.Value.ClaimWindow)
            throw new DomainException(ErrorCodes.ClaimWindowClosed, $"A claim is made within {earning.Value.ClaimWindowDays} days of the act.");
    }

    private async Task RequireOpenAccountAsync(long accountId, CancellationToken ct)
    {
        var account = await db.CarbonAccounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new { Closed = a.ClosedAt != null, Frozen = a.FrozenAt != null, a.FrozenReason }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException(ErrorCodes.AccountNotFound, $"There is no carbon account {accountId}.");
        if (account.Closed) throw new DomainException(ErrorCodes.AccountClosed, "This account was closed by its owner.");
        if (account.Frozen) throw new DomainException(ErrorCodes.AccountFrozen, $"This account is frozen: {account.FrozenReason}");
    }

    /// <summary>The claim filed earlier with this request id; a retry that says something else is refused, not merged.</summary>
    private async Task<FiledClaim?> AnswerEarlierAsync(long accountId, ClaimDraft draft, string requestId, CancellationToken ct)
    {
        var earlier = await Views(db.Claims.AsNoTracking().Where(c => c.AccountId == accountId && c.RequestId == requestId))
            .SingleOrDefaultAsync(ct);
        if (earlier is null) return null;
        if (earlier.Kind != draft.Kind)
            throw new DomainException(ErrorCodes.RequestConflict, "This request id was already used for another claim.");
        return new FiledClaim(earlier, Replayed: true);
    }

    private async Task<ClaimView> ViewAsync(long claimId, CancellationToken ct) =>
        await Views(db.Claims.AsNoTracking().Where(c => c.Id == claimId)).SingleAsync(ct);

    private IQueryable<ClaimView> Views(IQueryable<Claim> claims) =>
        from c in claims
        select new ClaimView(c.Id, c.AccountId,
            db.CarbonAccounts.Where(a => a.Id == c.AccountId).Join(db.Users, a => a.UserId, u => u.Id, (a, u) => u.Email).FirstOrDefault(),
            c.Kind, c.OccurredAt, c.Place, c.Note, c.BehaviourCode, c.PartnerCode, c.PartnerEventId, c.SubmittedAt, c.Status, c.DecidedAt,
            c.DecisionReason, c.GrantedHundredths == null ? null : new Credits(c.GrantedHundredths.Value),
            c.Kind == ClaimKind.Appeal
                ? db.PartnerEvents.Where(p => p.PartnerCode == c.PartnerCode && p.EventId == c.PartnerEventId).Select(p => p.Code).FirstOrDefault()
                : null);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static DateTime Utc(DateTime instant) => instant.Kind switch
    {
        DateTimeKind.Local => instant.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(instant, DateTimeKind.Utc),
        _ => instant,
    };
}
