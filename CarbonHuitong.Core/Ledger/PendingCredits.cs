using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Ledger;

public enum SettlementOutcome
{
    /// <summary>Confirmed now, or before by the same request (a confirmation is idempotent).</summary>
    Confirmed,

    /// <summary>Reversed now, or before by the same request.</summary>
    Reversed,

    /// <summary>A reversal of an event already confirmed: refused; only an administrator's adjustment can take the credits back.</summary>
    AlreadyConfirmed,

    /// <summary>A confirmation of an event already reversed: refused.</summary>
    AlreadyReversed,

    /// <summary>The event was credited outright, not as pending: there is nothing to settle.</summary>
    NotPending,

    /// <summary>The ledger holds no event with this id from this source.</summary>
    UnknownEvent,

    /// <summary>The citizen's account is frozen: a confirmation waits until the freeze is lifted.</summary>
    AccountFrozen,
}

/// <param name="Credits">The event's credits: what was made spendable, taken back, or is still held.</param>
public sealed record Settlement(string EventId, SettlementOutcome Outcome, Credits Credits);

/// <summary>
/// Settles pending earns: a confirmation appends an Earn that makes the held credits spendable (and counts the grams,
/// on the act's own day); a reversal appends a Reverse that takes them out of the pending total. Each pending earn
/// is settled once (a unique index on <see cref="LedgerEntry.SettlesEntryId"/>), so a repeated call answers as before.
/// </summary>
public sealed class PendingCredits(CarbonDbContext db, LedgerService ledger, TimeProvider clock)
{
    public const int MaxEventsPerCall = 1_000;

    public Task<IReadOnlyList<Settlement>> ConfirmAsync(string source, IReadOnlyList<string> eventIds, CancellationToken ct = default) =>
        SettleAsync(source, eventIds, confirm: true, reason: null, ct);

    public Task<IReadOnlyList<Settlement>> ReverseAsync(string source, IReadOnlyList<string> eventIds, string reason, CancellationToken ct = default) =>
        SettleAsync(source, eventIds, confirm: false, reason, ct);

    /// <summary>
    /// Confirms the pending earns of <paramref name="source"/> recorded before <paramref name="recordedBeforeUtc"/> and
    /// still unsettled, a batch at a time; those of frozen accounts wait.
    /// </summary>
    /// <returns>How many were confirmed.</returns>
    public async Task<int> ConfirmOverdueAsync(string source, DateTime recordedBeforeUtc, int batchSize, CancellationToken ct = default)
    {
        var confirmed = 0;
        long after = 0;
        while (true)
        {
            var overdue = await db.LedgerEntries.AsNoTracking()
                .Where(e => e.Kind == LedgerEntryKind.Pending && e.Source == source && e.RecordedAt < recordedBeforeUtc && e.Id > after
                    && !db.LedgerEntries.Any(s => s.SettlesEntryId == e.Id))
                .OrderBy(e => e.Id).Take(batchSize)
                .Select(e => new { e.Id, e.ExternalEventId })
                .ToListAsync(ct);
            if (overdue.Count == 0) return confirmed;
            after = overdue[^1].Id;
            var settled = await ConfirmAsync(source, overdue.Select(e => e.ExternalEventId!).ToList(), ct);
            confirmed += settled.Count(s => s.Outcome == SettlementOutcome.Confirmed);
        }
    }

    /// <summary>
    /// Takes back every pending earn of an account still unsettled, inside the caller's write transaction: an account
    /// that closes holds nothing, and no confirmation can later reach it.
    /// </summary>
    /// <returns>The credits that were pending.</returns>
    public async Task<Credits> ReverseAllOfAsync(long accountId, string reason, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("An account's pending earns are taken back inside the caller's write transaction.");
        var unsettled = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.Kind == LedgerEntryKind.Pending && !db.LedgerEntries.Any(s => s.SettlesEntryId == e.Id))
            .OrderBy(e => e.Id).ToListAsync(ct);
        if (unsettled.Count == 0) return Credits.Zero;
        var now = clock.GetUtcNow().UtcDateTime;
        await ledger.AppendAsync(unsettled.Select(e => LedgerEntry.ReversalOf(e, reason, now)).ToList(), ct);
        return new Credits(unsettled.Sum(e => e.PendingHundredths));
    }

    private async Task<IReadOnlyList<Settlement>> SettleAsync(string source, IReadOnlyList<string> eventIds, bool confirm, string? reason,
        CancellationToken ct)
    {
        if (eventIds.Count > MaxEventsPerCall)
            throw new DomainException(ErrorCodes.TooManyEvents, $"Settle at most {MaxEventsPerCall:#,0} events per call; this one has {eventIds.Count:#,0}.");
        if (eventIds.Any(string.IsNullOrWhiteSpace) || eventIds.Any(id => id.Length > LedgerEntry.MaxExternalEventIdLength))
            throw new DomainException(ErrorCodes.BadRequest, $"Each event id has 1 to {LedgerEntry.MaxExternalEventIdLength} characters.");
        if (eventIds.Count == 0) return [];
        // A settlement that lost a race to its twin (another server, the job) runs again and finds it.
        return await db.InWriteTransactionFindingTwinsAsync(() => SettleInTransactionAsync(source, eventIds, confirm, reason, ct), ct);
    }

    private sealed record Found(LedgerEntry Entry, bool Frozen);

    private async Task<IReadOnlyList<Settlement>> SettleInTransactionAsync(string source, IReadOnlyList<string> eventIds, bool confirm, string? reason,
        CancellationToken ct)
    {
        var ids = eventIds.Distinct(StringComparer.Ordinal).ToList();
        // The events' own locks, as the feed and the ledger take them, so a settlement waits for the event's recording.
        await ledger.LockForDecisionAsync(ids.Select(id => (source, id)), [], ct);
        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.Source == source);
        entries = ids.Count == 1 ? entries.Where(e => e.ExternalEventId == ids[0]) : entries.Where(e => ids.Contains(e.ExternalEventId!));
        var found = await entries.Join(db.CarbonAccounts, e => e.AccountId, a => a.Id, (e, a) => new { Entry = e, Frozen = a.FrozenAt != null })
            .ToDictionaryAsync(x => x.Entry.ExternalEventId!, x => new Found(x.Entry, x.Frozen), StringComparer.Ordinal, ct);
        var pendingIds = found.Values.Where(f => f.Entry.Kind == LedgerEntryKind.Pending).Select(f => f.Entry.Id).ToList();
        var settledBy = pendingIds.Count == 0 ? []
            : await db.LedgerEntries.AsNoTracking().Where(e => e.SettlesEntryId != null && pendingIds.Contains(e.SettlesEntryId.Value))
                .ToDictionaryAsync(e => e.SettlesEntryId!.Value, e => e.Kind, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var answers = new Dictionary<string, Settlement>(StringComparer.Ordinal);
        var fresh = new List<LedgerEntry>();
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var f))
            {
                answers[id] = new Settlement(id, SettlementOutcome.UnknownEvent, Credits.Zero);
                continue;
            }
            var entry = f.Entry;
            if (entry.Kind != LedgerEntryKind.Pending)
            {
                answers[id] = new Settlement(id, SettlementOutcome.NotPending, entry.Credits);
                continue;
            }
            var held = new Credits(entry.PendingHundredths);
            if (settledBy.TryGetValue(entry.Id, out var kind))
            {
                answers[id] = new Settlement(id, (kind, confirm) switch
                {
                    (LedgerEntryKind.Earn, true) => SettlementOutcome.Confirmed,
                    (LedgerEntryKind.Earn, false) => SettlementOutcome.AlreadyConfirmed,
                    (_, true) => SettlementOutcome.AlreadyReversed,
                    _ => SettlementOutcome.Reversed,
                }, held);
                continue;
            }
            if (confirm && f.Frozen)
            {
                answers[id] = new Settlement(id, SettlementOutcome.AccountFrozen, held);
                continue;
            }
            fresh.Add(confirm ? LedgerEntry.ConfirmationOf(entry, now) : LedgerEntry.ReversalOf(entry, reason!, now));
            answers[id] = new Settlement(id, confirm ? SettlementOutcome.Confirmed : SettlementOutcome.Reversed, held);
        }
        if (fresh.Count > 0) await ledger.AppendAsync(fresh, ct);
        return eventIds.Select(id => answers[id]).ToList();
    }
}
