using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// The partner feeds' invariants: each accepted event is credited by exactly its own entry; nobody earns past a daily
/// cap; no act is credited twice across sources; and every later report of an act (a validator's scan included)
/// points at the earn that counted it and earned nothing itself.
/// </summary>
public sealed partial class InvariantChecker
{
    private async Task<InvariantCheck> PartnerEventCreditedOnceAsync(CancellationToken ct)
    {
        var accepted = db.PartnerEvents.AsNoTracking().Where(p => p.Status == PartnerEventStatus.Accepted);
        // Entries that more than one accepted event claims, in one grouped pass: not a count per event, nor an IN on the
        // nullable column (EF turns that into a correlated EXISTS), both quadratic on a large feed.
        var shared = accepted.Where(p => p.LedgerEntryId != null).GroupBy(p => p.LedgerEntryId!.Value).Where(g => g.Count() > 1).Select(g => g.Key);
        return await CheckAsync(Invariant.PartnerEventCreditedOnce, "each accepted partner event is credited once, by its own entry", "partner event",
            await db.PartnerEvents.LongCountAsync(ct), "partner event",
            from p in accepted
            join e in db.LedgerEntries on p.LedgerEntryId equals e.Id into credited
            from e in credited.DefaultIfEmpty()
            let isShared = p.LedgerEntryId != null && shared.Contains(p.LedgerEntryId.Value)
            // A pending event is held by its Pending entry: the credits in its pending column, its grams counted only once confirmed.
            let held = p.Pending && e.Kind == LedgerEntryKind.Pending && e.PendingHundredths == p.CreditHundredths && e.CreditHundredths == 0
            let creditedNow = !p.Pending && e.Kind == LedgerEntryKind.Earn && e.CreditHundredths == p.CreditHundredths && e.Milligrams == p.Milligrams
            where e == null || !(held || creditedNow) || e.AccountId != p.AccountId || e.Source != Partner.LedgerSourcePrefix + p.PartnerCode
                || e.ExternalEventId != p.EventId || isShared
            orderby p.Id
            select new { p.Id, p.PartnerCode, p.EventId, EntryId = (long?)e.Id, isShared },
            p => new Violation(p.Id, p.EntryId is null ? $"#{p.Id} ({p.PartnerCode}/{p.EventId}) has no entry"
                : p.isShared ? $"#{p.Id} ({p.PartnerCode}/{p.EventId}) shares entry #{p.EntryId} with other events"
                : $"#{p.Id} ({p.PartnerCode}/{p.EventId}) differs from its entry #{p.EntryId}"), ct);
    }

    /// <summary>Per citizen, behaviour and China day, the earns of a capped behaviour add up to at most its cap (as the methodology has it now).</summary>
    private async Task<InvariantCheck> WithinDailyCapAsync(CancellationToken ct)
    {
        var capped = await db.GreenBehaviours.AsNoTracking().Where(b => b.DailyCapMilligrams != null)
            .Select(b => new { b.Code, Cap = b.DailyCapMilligrams!.Value }).ToListAsync(ct);
        var offenders = new List<(long AccountId, string Code, DateTime Day, long Milligrams, long Cap)>();
        var checkedDays = 0L;
        foreach (var behaviour in capped)
        {
            var days = db.LedgerEntries.AsNoTracking()
                .Where(e => e.Kind == LedgerEntryKind.Earn && e.BehaviourCode == behaviour.Code)
                .GroupBy(e => new { e.AccountId, Day = e.OccurredAt.AddHours(8).Date })
                .Select(g => new { g.Key.AccountId, g.Key.Day, Milligrams = g.Sum(e => e.Milligrams) });
            checkedDays += await days.LongCountAsync(ct);
            offenders.AddRange((await days.Where(d => d.Milligrams > behaviour.Cap).OrderBy(d => d.AccountId).Take(SampleSize).ToListAsync(ct))
                .Select(d => (d.AccountId, behaviour.Code, d.Day, d.Milligrams, behaviour.Cap)));
            if (offenders.Count > 0)
            {
                var count = await days.LongCountAsync(d => d.Milligrams > behaviour.Cap, ct);
                return new InvariantCheck(Invariant.WithinDailyCap, "no citizen earns past a daily cap", "citizen-day", checkedDays, "citizen-day", count,
                    offenders.Select(o => new Violation(o.AccountId,
                        $"account #{o.AccountId} {o.Code} on {DateOnly.FromDateTime(o.Day):yyyy-MM-dd}: {new CarbonMass(o.Milligrams)} > cap {new CarbonMass(o.Cap)}")).ToList());
            }
        }
        return new InvariantCheck(Invariant.WithinDailyCap, "no citizen earns past a daily cap", "citizen-day", checkedDays, "citizen-day", 0, []);
    }

    /// <summary>
    /// No two earns with credits of one citizen and one behaviour, from two sources of which one is a partner, fall within
    /// the behaviour's same-act window, unless one of them had already been matched by a report from the other's source
    /// (a transfer: two rides). The operator's own imports are its record, not a report to match.
    /// </summary>
    private async Task<InvariantCheck> ActCountedOnceAsync(CancellationToken ct)
    {
        var windows = await db.GreenBehaviours.AsNoTracking().Where(b => b.DuplicateWindowSeconds != null)
            .Select(b => new { b.Code, Seconds = b.DuplicateWindowSeconds!.Value }).ToListAsync(ct);
        var earns = db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Earn && e.CreditHundredths > 0);
        IQueryable<SameAct>? pairs = null;
        foreach (var window in windows)
        {
            var code = window.Code;
            var seconds = (double)window.Seconds;
            var forBehaviour =
                from a in earns
                where a.BehaviourCode == code
                from b in earns
                where b.AccountId == a.AccountId && b.BehaviourCode == code && b.Source != a.Source
                    && (a.Source!.StartsWith(Partner.LedgerSourcePrefix) || b.Source!.StartsWith(Partner.LedgerSourcePrefix))
                    // One report of a source is one act: once a source's report was matched to an earn, its next one near it is an act of its own.
                    && !db.DuplicateReports.Any(r => (r.EntryId == a.Id && r.Source == b.Source) || (r.EntryId == b.Id && r.Source == a.Source))
                    && (b.OccurredAt > a.OccurredAt || (b.OccurredAt == a.OccurredAt && b.Id > a.Id)) && b.OccurredAt <= a.OccurredAt.AddSeconds(seconds)
                select new SameAct { First = a.Id, Second = b.Id, AccountId = a.AccountId, FirstSource = a.Source!, SecondSource = b.Source! };
            pairs = pairs is null ? forBehaviour : pairs.Concat(forBehaviour);
        }
        var trips = await earns.LongCountAsync(e => windows.Select(w => w.Code).Contains(e.BehaviourCode!), ct);
        if (pairs is null) return new InvariantCheck(Invariant.ActCountedOnce, "no act counted twice across sources", "earn", trips, "pair", 0, []);
        return await CheckAsync(Invariant.ActCountedOnce, "no act counted twice across sources", "earn", trips, "pair",
            pairs.OrderBy(p => p.First),
            p => new Violation(p.First, $"account #{p.AccountId}: entry #{p.First} ({p.FirstSource}) and #{p.Second} ({p.SecondSource})"), ct);
    }

    private sealed class SameAct
    {
        public long First { get; init; }
        public long Second { get; init; }
        public long AccountId { get; init; }
        public string FirstSource { get; init; } = "";
        public string SecondSource { get; init; } = "";
    }

    /// <summary>
    /// Every later report of an act points at an earn (or a pending earn) of the same citizen and behaviour from another source; a ride
    /// counted elsewhere earned nothing and has its report, pointing at the earn the ride names.
    /// </summary>
    private async Task<InvariantCheck> LaterReportPointsAtEarnAsync(CancellationToken ct)
    {
        var badReports =
            from r in db.DuplicateReports.AsNoTracking()
            join e in db.LedgerEntries on r.EntryId equals e.Id
            where (e.Kind != LedgerEntryKind.Earn && e.Kind != LedgerEntryKind.Pending) || e.AccountId != r.AccountId || e.BehaviourCode != r.BehaviourCode
                || e.Source == r.Source
            select new { Id = r.Id, What = "report", r.Source, r.ExternalEventId };
        var badRides =
            from ride in db.Rides.AsNoTracking()
            where ride.CountedElsewhere
            let reports = db.DuplicateReports.Count(r => r.Source == Transit.ScanService.LedgerSource
                && r.ExternalEventId == ride.TerminalId + "/" + ride.ScanId && r.EntryId == ride.EarnEntryId && r.AccountId == ride.AccountId)
            where ride.CreditsEarnedHundredths != 0 || reports != 1
            select new { Id = ride.Id, What = "ride", Source = Transit.ScanService.LedgerSource, ExternalEventId = ride.TerminalId + "/" + ride.ScanId };
        // One source reports one act once: two reports of one source on one earn are two acts, one of them uncounted.
        var reportedTwice =
            from r in db.DuplicateReports.AsNoTracking()
            where db.DuplicateReports.Count(o => o.EntryId == r.EntryId && o.Source == r.Source) > 1
            select new { Id = r.Id, What = "second report", r.Source, r.ExternalEventId };
        return await CheckAsync(Invariant.LaterReportPointsAtEarn, "each later report of an act points at the earn that counted it", "report",
            await db.DuplicateReports.LongCountAsync(ct), "report",
            badReports.Concat(badRides).Concat(reportedTwice).OrderBy(r => r.Id),
            r => new Violation(r.Id, $"{r.What} #{r.Id} ({r.Source} {r.ExternalEventId})"), ct);
    }
}
