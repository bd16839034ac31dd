using System.Text;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours.Partners;

/// <summary>One event as a partner sends it; every field may be missing or wrong, and is answered, not thrown.</summary>
/// <param name="Pending">True when the act can still be cancelled (a takeaway order): the credits wait for the partner's confirmation.</param>
public sealed record PartnerEventInput(string? EventId, string? PartnerUserId, string? BehaviourCode, decimal? Quantity, DateTime? OccurredAt,
    bool Pending = false);

/// <param name="Code">The refusal, or <c>daily_cap</c> on an event accepted only up to the cap.</param>
/// <param name="Credits">What the event earned (for a duplicate, what its first sending earned); null when refused.</param>
/// <param name="Pending">For an accepted event sent as pending: its credits are held until the partner confirms or reverses it.</param>
public sealed record PartnerEventResult(string? EventId, PartnerEventStatus Status, string? Code, Credits? Credits, CarbonMass? Reduction,
    bool Pending = false);

/// <summary>
/// A partner's batch of green behaviour, turned into ledger entries: each event checked in a fixed order (the link,
/// the behaviour, the time, the quantity, then the daily cap and the same act from another source), and every
/// accepted one appended through the ledger's one write path, all in one transaction. A resend, or twenty identical
/// batches at once, has the effect of one: (partner, event id) is answered from its first recording.
/// </summary>
public sealed class PartnerFeed(CarbonDbContext db, LedgerService ledger, EarningService earning, TimeProvider clock)
{
    public const int MaxEventsPerCall = 1_000;

    public async Task<IReadOnlyList<PartnerEventResult>> IngestAsync(PartnerIdentity partner, IReadOnlyList<PartnerEventInput> events,
        CancellationToken ct = default)
    {
        if (events.Count > MaxEventsPerCall)
            throw new DomainException(ErrorCodes.TooManyEvents, $"Send at most {MaxEventsPerCall:#,0} events per call; this one has {events.Count:#,0}.");
        if (events.Count == 0) return [];
        var now = clock.GetUtcNow().UtcDateTime;
        // What needs no database, before the write turn: the shape, the behaviour, the time and the quantity.
        var checks = new EventCheck[events.Count];
        for (var i = 0; i < events.Count; i++) checks[i] = await CheckAsync(partner, events[i], now, ct);
        return await db.InWriteTransactionAsync(() => DecideAndWriteAsync(partner, checks, now, ct), ct);
    }

    private sealed class EventCheck(PartnerEventInput input)
    {
        public PartnerEventInput Input { get; } = input;

        /// <summary>The first check after the link that failed, or null.</summary>
        public string? Failure { get; init; }
        public GreenBehaviour? Behaviour { get; init; }
        public DateTime OccurredAtUtc { get; init; }
    }

    private async Task<EventCheck> CheckAsync(PartnerIdentity partner, PartnerEventInput input, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.EventId) || input.EventId.Length > PartnerEvent.MaxEventIdLength
            || string.IsNullOrWhiteSpace(input.PartnerUserId) || input.PartnerUserId.Length > PartnerLink.MaxPartnerUserIdLength
            || input.OccurredAt is null)
            return new EventCheck(input) { Failure = PartnerEventCodes.BadEvent };
        var occurredAt = ToUtc(input.OccurredAt.Value);
        var behaviour = input.BehaviourCode is { } code && partner.MayReport(code)
            ? await earning.BehaviourOnAsync(code, PlatformTime.ChinaDateOf(occurredAt), ct)
            : null;
        var failure =
            behaviour is null ? PartnerEventCodes.BehaviourNotAllowed
            : occurredAt < now - earning.ClaimWindow ? PartnerEventCodes.TooOld
            : occurredAt > now + EarningService.FutureToleranceOfClocks ? PartnerEventCodes.InFuture
            : input.Quantity is not { } quantity || !EarningService.IsValidQuantity(quantity) ? PartnerEventCodes.BadQuantity
            : null;
        return new EventCheck(input) { Failure = failure, Behaviour = behaviour, OccurredAtUtc = occurredAt };
    }

    private static DateTime ToUtc(DateTime reported) => reported.Kind switch
    {
        DateTimeKind.Local => reported.ToUniversalTime(),
        _ => DateTime.SpecifyKind(reported, DateTimeKind.Utc),
    };

    private sealed record LinkState(long AccountId, bool Usable, bool Frozen);

    private sealed class Decision
    {
        public PartnerEventStatus Status { get; set; }
        public string? Code { get; set; }
        public long CreditHundredths { get; set; }
        public long Milligrams { get; set; }
        public long? AccountId { get; set; }
        public long? EntryId { get; set; }
        public LedgerEntry? Entry { get; set; }
        public bool WritesEventRow { get; set; }
        public bool HasAmounts { get; set; }
        public bool Pending { get; set; }
    }

    private async Task<IReadOnlyList<PartnerEventResult>> DecideAndWriteAsync(PartnerIdentity partner, EventCheck[] checks, DateTime now,
        CancellationToken ct)
    {
        var source = partner.LedgerSource;
        var eventIds = checks.Where(c => c.Failure != PartnerEventCodes.BadEvent).Select(c => c.Input.EventId!).Distinct().ToList();
        var userIds = checks.Where(c => c.Failure != PartnerEventCodes.BadEvent).Select(c => c.Input.PartnerUserId!).Distinct().ToList();

        var links = await LinksAsync(partner.Code, userIds, ct);
        // The events first, then the accounts, as an append takes them: a twin batch waits here and then finds our rows,
        // and a cap or a same-act check cannot be overtaken by another writer of the same account.
        await ledger.LockForDecisionAsync(eventIds.Select(id => (source, id)), links.Values.Select(l => l.AccountId), ct);
        if (!db.Database.IsSqlite()) links = await LinksAsync(partner.Code, userIds, ct);
        var recorded = await RecordedAsync(partner.Code, eventIds, ct);

        var decisions = new Decision[checks.Length];
        var firstInBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        var candidates = new List<int>();
        for (var i = 0; i < checks.Length; i++)
        {
            var check = checks[i];
            if (check.Failure == PartnerEventCodes.BadEvent)
            {
                decisions[i] = new Decision { Status = PartnerEventStatus.Refused, Code = PartnerEventCodes.BadEvent };
                continue;
            }
            var eventId = check.Input.EventId!;
            if (recorded.TryGetValue(eventId, out var earlier))
            {
                decisions[i] = new Decision
                {
                    Status = PartnerEventStatus.Duplicate, CreditHundredths = earlier.CreditHundredths, Milligrams = earlier.Milligrams,
                    HasAmounts = earlier.Status == PartnerEventStatus.Accepted, Pending = earlier.Pending,
                };
                continue;
            }
            if (firstInBatch.ContainsKey(eventId))
            {
                decisions[i] = new Decision { Status = PartnerEventStatus.Duplicate };
                continue;
            }
            firstInBatch[eventId] = i;
            var decision = decisions[i] = new Decision { Status = PartnerEventStatus.Refused, WritesEventRow = true };
            if (!links.TryGetValue(check.Input.PartnerUserId!, out var link)) decision.Code = PartnerEventCodes.NotLinked;
            else
            {
                decision.AccountId = link.AccountId;
                if (!link.Usable) decision.Code = PartnerEventCodes.ConsentRevoked;
                else if (link.Frozen) decision.Code = PartnerEventCodes.AccountFrozen;
                else if (check.Failure is not null) decision.Code = check.Failure;
                else candidates.Add(i);
            }
        }

        await DecideCapsAndSameActsAsync(source, checks, decisions, candidates, now, ct);

        var appended = decisions.Where(d => d.Entry is not null).ToList();
        if (appended.Count > 0)
        {
            var outcomes = await ledger.AppendAsync(appended.Select(d => d.Entry!).ToList(), ct);
            for (var a = 0; a < appended.Count; a++)
            {
                var (decision, outcome) = (appended[a], outcomes[a]);
                decision.EntryId = outcome.EntryId;
                if (outcome.Status == AppendStatus.Appended) continue;
                // Credited before under this event id (its raw event since deleted): answered as that first recording.
                decision.Status = PartnerEventStatus.Duplicate;
                decision.Code = null;
                decision.CreditHundredths = outcome.Credits.Hundredths;
                decision.Milligrams = outcome.Reduction.Milligrams;
                decision.WritesEventRow = false;
                decision.Pending = false;
            }
        }
        for (var i = 0; i < checks.Length; i++)
        {
            if (decisions[i].Status == PartnerEventStatus.Duplicate && firstInBatch.TryGetValue(checks[i].Input.EventId!, out var first) && first != i)
                CopyAmounts(decisions[first], decisions[i]);
        }

        await WriteEventRowsAsync(partner.Code, checks, decisions, now, ct);
        await ledger.RecordDuplicatesAsync(checks.Select((c, i) => (c, d: decisions[i]))
            .Where(x => x.d is { Status: PartnerEventStatus.Refused, Code: PartnerEventCodes.CountedElsewhere })
            .Select(x => DuplicateReport.Of(x.d.EntryId!.Value, x.d.AccountId!.Value, x.c.Behaviour!.Code, source, x.c.Input.EventId!,
                x.c.OccurredAtUtc, now))
            .ToList(), ct);
        await CountAsync(partner.Code, decisions, now, ct);

        return checks.Select((c, i) => ResultOf(c.Input.EventId, decisions[i])).ToList();
    }

    private static void CopyAmounts(Decision first, Decision twin)
    {
        twin.HasAmounts = first.Status == PartnerEventStatus.Accepted || first.HasAmounts;
        twin.CreditHundredths = first.CreditHundredths;
        twin.Milligrams = first.Milligrams;
        twin.Pending = first.Pending;
    }

    private static PartnerEventResult ResultOf(string? eventId, Decision d) => d.Status switch
    {
        PartnerEventStatus.Accepted => new(eventId, d.Status, d.Code, new Credits(d.CreditHundredths), new CarbonMass(d.Milligrams), d.Pending),
        PartnerEventStatus.Duplicate when d.HasAmounts => new(eventId, d.Status, null, new Credits(d.CreditHundredths), new CarbonMass(d.Milligrams),
            d.Pending),
        _ => new(eventId, d.Status, d.Code, null, null),
    };

    /// <summary>
    /// The caps and the same-act rule read what the ledger already holds for these citizens around these times, in
    /// one query, and then what this batch adds, in the batch's order: a cap is shared by every source, and the
    /// first report of an act wins.
    /// </summary>
    private async Task DecideCapsAndSameActsAsync(string source, EventCheck[] checks, Decision[] decisions, List<int> candidates, DateTime now,
        CancellationToken ct)
    {
        if (candidates.Count == 0) return;
        var ruled = candidates.Where(i => checks[i].Behaviour!.DailyCap is not null || checks[i].Behaviour!.DuplicateWindow is not null).ToList();
        var earlier = new List<EarnNearby>();
        if (ruled.Count > 0)
        {
            var widest = ruled.Max(i => checks[i].Behaviour!.DuplicateWindow ?? TimeSpan.Zero);
            var from = PlatformTime.ChinaDateToUtc(PlatformTime.ChinaDateOf(ruled.Min(i => checks[i].OccurredAtUtc))) - widest;
            var to = PlatformTime.EndOfChinaDay(PlatformTime.ChinaDateOf(ruled.Max(i => checks[i].OccurredAtUtc))) + widest;
            earlier.AddRange(await ledger.FindEarnsAsync(ruled.Select(i => decisions[i].AccountId!.Value).ToHashSet(),
                ruled.Select(i => checks[i].Behaviour!.Code).ToHashSet(), from, to, ct));
        }
        var used = earlier
            .GroupBy(e => (e.AccountId, e.BehaviourCode, Day: PlatformTime.ChinaDateOf(e.OccurredAt)))
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Milligrams));
        var otherSources = earlier.Where(e => e.Source != source).ToList();
        // An act another source counted is matched to one report of ours: a second of ours near it is an act of its own.
        var matched = new HashSet<long>(await ledger.FindReportedAgainAsync(otherSources.Select(e => e.EntryId).ToList(), source, ct));
        var sameActCandidates = otherSources.ToLookup(e => (e.AccountId, e.BehaviourCode));

        foreach (var i in candidates)
        {
            var (check, decision) = (checks[i], decisions[i]);
            var behaviour = check.Behaviour!;
            var quantity = check.Input.Quantity!.Value;
            var accountId = decision.AccountId!.Value;
            var capKey = (accountId, behaviour.Code, PlatformTime.ChinaDateOf(check.OccurredAtUtc));
            if (behaviour.DailyCapMilligrams is { } cap)
            {
                var left = cap - used.GetValueOrDefault(capKey);
                var allowed = left <= 0 ? 0m : Math.Min(quantity, Math.Floor(left * 100m / behaviour.MilligramsPerUnit) / 100m);
                if (allowed <= 0)
                {
                    decision.Code = PartnerEventCodes.DailyCap;
                    continue;
                }
                if (allowed < quantity) decision.Code = PartnerEventCodes.DailyCap;
                quantity = allowed;
            }
            if (behaviour.DuplicateWindow is { } window
                && sameActCandidates[(accountId, behaviour.Code)]
                    .Where(e => !matched.Contains(e.EntryId) && (e.OccurredAt - check.OccurredAtUtc).Duration() <= window)
                    .MinBy(e => (e.OccurredAt - check.OccurredAtUtc).Duration()) is { } first)
            {
                decision.Code = PartnerEventCodes.CountedElsewhere;
                decision.EntryId = first.EntryId;
                matched.Add(first.EntryId);
                continue;
            }
            var priced = new PricedEarn(new EarnRequest(accountId, behaviour.Code, quantity, source, check.Input.EventId!, check.OccurredAtUtc),
                behaviour.Factors);
            var entry = check.Input.Pending ? priced.ToPendingEntry(now) : priced.ToEntry(now);
            decision.Status = PartnerEventStatus.Accepted;
            decision.Entry = entry;
            decision.Pending = check.Input.Pending;
            // A pending event answers with what it will earn once confirmed, and holds its share of the cap meanwhile.
            decision.CreditHundredths = entry.CreditHundredths + entry.PendingHundredths;
            decision.Milligrams = LedgerEntry.MilligramsFor(quantity, priced.Factors.MilligramsPerUnit);
            used[capKey] = used.GetValueOrDefault(capKey) + decision.Milligrams;
        }
    }

    private async Task<Dictionary<string, LinkState>> LinksAsync(string partnerCode, List<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return [];
        var links = db.PartnerLinks.AsNoTracking().Where(l => l.PartnerCode == partnerCode);
        links = userIds.Count == 1 ? links.Where(l => l.PartnerUserId == userIds[0]) : links.Where(l => userIds.Contains(l.PartnerUserId));
        // A closed account withdrew every consent with it.
        return await links.Join(db.CarbonAccounts, l => l.AccountId, a => a.Id,
                (l, a) => new { l.PartnerUserId, l.AccountId, Usable = l.RevokedAt == null && a.ClosedAt == null, Frozen = a.FrozenAt != null })
            .ToDictionaryAsync(l => l.PartnerUserId, l => new LinkState(l.AccountId, l.Usable, l.Frozen), StringComparer.Ordinal, ct);
    }

    private sealed record RecordedEvent(PartnerEventStatus Status, long CreditHundredths, long Milligrams, bool Pending);

    private async Task<Dictionary<string, RecordedEvent>> RecordedAsync(string partnerCode, List<string> eventIds, CancellationToken ct)
    {
        if (eventIds.Count == 0) return [];
        var events = db.PartnerEvents.AsNoTracking().Where(e => e.PartnerCode == partnerCode);
        events = eventIds.Count == 1 ? events.Where(e => e.EventId == eventIds[0]) : events.Where(e => eventIds.Contains(e.EventId));
        return await events.ToDictionaryAsync(e => e.EventId, e => new RecordedEvent(e.Status, e.CreditHundredths, e.Milligrams, e.Pending),
            StringComparer.Ordinal, ct);
    }

    private async Task WriteEventRowsAsync(string partnerCode, EventCheck[] checks, Decision[] decisions, DateTime now, CancellationToken ct)
    {
        var rows = checks.Select((c, i) => (c, d: decisions[i])).Where(x => x.d.WritesEventRow)
            .Select(x => PartnerEvent.Record(partnerCode, x.c.Input, x.c.OccurredAtUtc, now, x.d.Status, x.d.Code, x.d.CreditHundredths, x.d.Milligrams,
                x.d.AccountId, x.d.EntryId, x.d.Pending))
            .ToList();
        // Set-based: nothing reads the rows' ids back, so they go as multi-row INSERTs of a few hundred parameters each
        // rather than one tracked INSERT per row (SaveChanges on SQLite), which was most of a batch's CPU.
        foreach (var chunk in rows.Chunk(EventRowsPerStatement))
        {
            var values = new StringBuilder();
            var parameters = new List<object>(chunk.Length * 14);
            foreach (var row in chunk)
            {
                if (values.Length > 0) values.Append(", ");
                object?[] cells = [row.PartnerCode, row.EventId, row.PartnerUserId, row.BehaviourCode, row.Quantity, row.OccurredAt, row.ReceivedAt,
                    row.Status.ToString(), row.Code, row.CreditHundredths, row.Milligrams, row.AccountId, row.LedgerEntryId, row.Pending];
                // A missing value is written as NULL: a raw parameter needs a value to know its type.
                values.Append('(').AppendJoin(", ", cells.Select(cell =>
                {
                    if (cell is null) return "NULL";
                    parameters.Add(cell);
                    return $"{{{parameters.Count - 1}}}";
                })).Append(')');
            }
#pragma warning disable EF1002 // the values are parameter placeholders; every cell is a parameter
            await db.Database.ExecuteSqlRawAsync($"""
                INSERT INTO "PartnerEvents" ("PartnerCode", "EventId", "PartnerUserId", "BehaviourCode", "Quantity", "OccurredAt", "ReceivedAt",
                    "Status", "Code", "CreditHundredths", "Milligrams", "AccountId", "LedgerEntryId", "Pending")
                VALUES {values}
                """, parameters, ct);
#pragma warning restore EF1002
        }
    }

    private const int EventRowsPerStatement = 20;

    /// <summary>The administrators' per-day figures, in the same transaction: one upsert per outcome and code of the batch.</summary>
    private async Task CountAsync(string partnerCode, Decision[] decisions, DateTime now, CancellationToken ct)
    {
        var day = PlatformTime.ChinaDateOf(now);
        var sql = new StringBuilder();
        var parameters = new List<object>();
        foreach (var group in decisions.GroupBy(d => (d.Status, Code: d.Code ?? "")).OrderBy(g => g.Key.Status).ThenBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            var at = parameters.Count;
            var counted = group.Key.Status == PartnerEventStatus.Accepted;
            parameters.AddRange([partnerCode, day, group.Key.Status.ToString(), group.Key.Code, (long)group.Count(),
                counted ? group.Sum(d => d.CreditHundredths) : 0L, counted ? group.Sum(d => d.Milligrams) : 0L]);
            sql.Append($$"""
                INSERT INTO "PartnerDailyCounts" ("PartnerCode", "Day", "Status", "Code", "Events", "CreditHundredths", "Milligrams")
                VALUES ({{{at}}}, {{{at + 1}}}, {{{at + 2}}}, {{{at + 3}}}, {{{at + 4}}}, {{{at + 5}}}, {{{at + 6}}})
                ON CONFLICT ("PartnerCode", "Day", "Status", "Code") DO UPDATE SET
                    "Events" = "PartnerDailyCounts"."Events" + excluded."Events",
                    "CreditHundredths" = "PartnerDailyCounts"."CreditHundredths" + excluded."CreditHundredths",
                    "Milligrams" = "PartnerDailyCounts"."Milligrams" + excluded."Milligrams";

                """);
        }
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
    }
}
