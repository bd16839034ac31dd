using System.Collections.Concurrent;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>Why an event is in a batch, which says how the feed must answer it.</summary>
public enum IngestEventKind
{
    /// <summary>A new event of a linked citizen, under every cap and far from any other source's report: accepted in full.</summary>
    New,

    /// <summary>An event answered before, sent again exactly: a duplicate, with its first answer's credits and grams.</summary>
    Resent,

    /// <summary>Walking past the day's cap on a day kept for it: accepted up to the cap or refused, <c>daily_cap</c> either way.</summary>
    OverCap,

    /// <summary>A bus ride the validator recorded, reported by the ride-code app a minute before the scan: <c>counted_elsewhere</c>.</summary>
    CountedElsewhere,

    /// <summary>For a link revoked before the run: <c>consent_revoked</c>.</summary>
    Revoked,

    /// <summary>For a link revoked during the run: accepted before the revocation, <c>consent_revoked</c> once it was answered.</summary>
    RevokedMidRun,
}

/// <summary>One event as the partner API takes it.</summary>
public sealed record PartnerEventBody(string EventId, string PartnerUserId, string BehaviourCode, decimal Quantity, DateTime OccurredAt);

/// <summary>The feed's answer to one event, as the partner API returns it.</summary>
public sealed record EventAnswer(string? EventId, string Status, string? Code, decimal? Credits, decimal? Grams)
{
    public string Label => Code is null ? Status : $"{Status}/{Code}";
}

public sealed record PlannedEvent(PartnerEventBody Event, IngestEventKind Kind, EventAnswer? FirstAnswer = null);

/// <summary>
/// One partner's side of the run: its linked users, what it reports, and the events it has had answered, to resend.
/// <paramref name="quantity"/> is one ordinary act of its behaviour.
/// </summary>
public sealed class PartnerFeedPlan(BenchPartner partner, string behaviourCode, decimal quantity, IReadOnlyList<string> users,
    IReadOnlyList<string> revokedBefore, IReadOnlyList<string> revokedMidRun)
{
    private const int ResendPoolSize = 5_000;
    private readonly ConcurrentQueue<(PartnerEventBody Event, EventAnswer Answer)> _answered = new();

    public BenchPartner Partner { get; } = partner;
    public string BehaviourCode { get; } = behaviourCode;
    public decimal Quantity { get; } = quantity;
    public IReadOnlyList<string> Users { get; } = users;
    public IReadOnlyList<string> RevokedBefore { get; } = revokedBefore;
    public IReadOnlyList<string> RevokedMidRun { get; } = revokedMidRun;

    internal void Remember(PartnerEventBody sent, EventAnswer answer)
    {
        _answered.Enqueue((sent, answer));
        while (_answered.Count > ResendPoolSize) _answered.TryDequeue(out _);
    }

    internal bool TryTakeAnswered(out (PartnerEventBody Event, EventAnswer Answer) answered) => _answered.TryDequeue(out answered);
}

/// <summary>
/// What each batch holds: mostly new events, 5 % resent, 1 % for revoked links, and for the two partners whose
/// behaviour has a rule, the walking past its cap (2 % of all events) and the bus rides the validator already
/// counted (1 %). Each event says how it must be answered, so every answer of the run is checked.
/// New events fall on the last five China days, 08:00–20:00, so they stay inside the claim window and away from the
/// validator's scans (which are now); walking past the cap falls on the sixth day back, which new walking never uses.
/// </summary>
public sealed class IngestMix
{
    public const int ResentPercent = 5;
    public const int OverCapPercent = 2;
    public const int CountedElsewherePercent = 1;
    public const int RevokedPercent = 1;
    private const int NewEventDays = 5;
    private const int OverCapDay = NewEventDays + 1;
    private static readonly TimeSpan ReportedBeforeScan = TimeSpan.FromMinutes(1);

    private readonly IReadOnlyList<PartnerFeedPlan> _feeds;
    private readonly int _batchSize;
    private readonly DateOnly _chinaToday;
    private readonly DailyCapRule _walking;
    private readonly Dictionary<string, CappedSlots> _slots = [];
    private readonly ConcurrentQueue<(string UserId, DateTime ScannedAt)> _scans = new();
    private long _events;

    public IngestMix(IReadOnlyList<PartnerFeedPlan> feeds, int batchSize, DateOnly chinaToday, DailyCapRule walking)
    {
        (_feeds, _batchSize, _chinaToday, _walking) = (feeds, batchSize, chinaToday, walking);
        foreach (var feed in feeds.Where(f => f.BehaviourCode == Methodology.Walking))
        {
            _slots[feed.Partner.Code + "/new"] = new CappedSlots(feed.Users, NewEventDays, walking, feed.Quantity);
            // A handful of citizens take every mid-run event of their partner: smaller steps, so they never reach the cap either.
            _slots[feed.Partner.Code + "/mid-run"] = new CappedSlots(feed.RevokedMidRun, NewEventDays, walking, feed.Quantity / 5);
        }
    }

    /// <summary>The partner of a batch: each in turn.</summary>
    public PartnerFeedPlan FeedOf(long batch) => _feeds[(int)(batch % _feeds.Count)];

    /// <summary>How many bus rides the ride-code partner reports after the validator in <paramref name="batches"/> batches.</summary>
    public int CountedElsewhereIn(int batches) =>
        _feeds.Select((feed, i) => (feed, i)).Where(x => x.feed.BehaviourCode == Methodology.BusRide)
            .Sum(x => (batches - x.i + _feeds.Count - 1) / _feeds.Count * SpecialCount(x.feed).CountedElsewhere);

    /// <summary>New walking events that <paramref name="batches"/> batches would send, against what the cap leaves room for.</summary>
    public (long Needed, long Room) WalkingRoomFor(int batches) => _feeds.Select((feed, i) => (feed, i))
        .Where(x => x.feed.BehaviourCode == Methodology.Walking)
        .Aggregate((0L, 0L), (sum, x) => (sum.Item1 + (long)(batches - x.i + _feeds.Count - 1) / _feeds.Count * _batchSize,
            sum.Item2 + _slots[x.feed.Partner.Code + "/new"].Room));

    /// <summary>A scan the validator answered: the ride-code app reports the same ride a minute earlier, later in the run.</summary>
    public void AddScan(string partnerUserId, DateTime scannedAtUtc) => _scans.Enqueue((partnerUserId, scannedAtUtc));

    /// <summary>A warm-up batch holds only new and resent events, so the measured run has the whole mix.</summary>
    public IReadOnlyList<PlannedEvent> Compose(long batch, bool warmUp, Random random)
    {
        var feed = FeedOf(batch);
        var planned = new List<PlannedEvent>(_batchSize);
        var special = warmUp ? default : SpecialCount(feed);
        for (var i = 0; i < _batchSize * ResentPercent / 100 && feed.TryTakeAnswered(out var answered); i++)
            planned.Add(new PlannedEvent(answered.Event, IngestEventKind.Resent, answered.Answer));
        var tag = $"{(warmUp ? 'w' : 'b')}{batch:D6}";
        for (var i = 0; i < special.OverCap; i++)
            planned.Add(new(Event(tag, planned.Count, feed, Pick(feed.Users, random), OverCapDay, OverCapQuantity(i)), IngestEventKind.OverCap));
        for (var i = 0; i < special.CountedElsewhere && _scans.TryDequeue(out var scan); i++)
            planned.Add(new(new PartnerEventBody($"{tag}-{planned.Count:D4}", scan.UserId, feed.BehaviourCode, feed.Quantity,
                scan.ScannedAt - ReportedBeforeScan), IngestEventKind.CountedElsewhere));
        for (var i = 0; i < special.Revoked; i++)
        {
            var midRun = (batch + i) % 2 == 1 && feed.RevokedMidRun.Count > 0;
            planned.Add(midRun
                ? new(NewEvent(tag, planned.Count, feed, "/mid-run", feed.RevokedMidRun), IngestEventKind.RevokedMidRun)
                : new(Event(tag, planned.Count, feed, Pick(feed.RevokedBefore, random), 1, feed.Quantity), IngestEventKind.Revoked));
        }
        while (planned.Count < _batchSize) planned.Add(new(NewEvent(tag, planned.Count, feed, "/new", feed.Users), IngestEventKind.New));
        // Resends, refusals and new events arrive mixed, as a partner's queue would send them.
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(planned));
        return planned;
    }

    /// <summary>Why an answer is not what the event's kind calls for, or null when it is.</summary>
    public static string? Mismatch(PlannedEvent planned, EventAnswer answer, bool revokedBeforeSending)
    {
        if (answer.EventId != planned.Event.EventId) return $"answer for {answer.EventId} in the place of {planned.Event.EventId}";
        var label = answer.Label;
        var expected = planned.Kind switch
        {
            IngestEventKind.New => label == "accepted",
            IngestEventKind.Resent => label == "duplicate" && answer.Credits == planned.FirstAnswer!.Credits && answer.Grams == planned.FirstAnswer.Grams,
            IngestEventKind.OverCap => label is "accepted/daily_cap" or "refused/daily_cap",
            IngestEventKind.CountedElsewhere => label == "refused/counted_elsewhere",
            IngestEventKind.Revoked => label == "refused/consent_revoked",
            IngestEventKind.RevokedMidRun => label == "refused/consent_revoked" || !revokedBeforeSending && label == "accepted",
            _ => false,
        };
        return expected ? null
            : $"{planned.Kind} event {planned.Event.EventId} ({planned.Event.BehaviourCode} × {planned.Event.Quantity}) answered {label}"
              + (answer.Credits is { } credits ? $" with {credits} credits" : "");
    }

    private (int OverCap, int CountedElsewhere, int Revoked) SpecialCount(PartnerFeedPlan feed) => (
        feed.BehaviourCode == Methodology.Walking ? _batchSize * OverCapPercent * _feeds.Count / 100 : 0,
        feed.BehaviourCode == Methodology.BusRide ? _batchSize * CountedElsewherePercent * _feeds.Count / 100 : 0,
        _batchSize * RevokedPercent / 100);

    /// <summary>15 to 20 thousand steps, each well past the 296 g of the day on its own.</summary>
    private decimal OverCapQuantity(int i) => Math.Ceiling((decimal)_walking.CapMilligrams / _walking.MilligramsPerUnit) + i % 6;

    private PartnerEventBody NewEvent(string tag, int index, PartnerFeedPlan feed, string slots, IReadOnlyList<string> users)
    {
        var n = Interlocked.Increment(ref _events);
        if (_slots.TryGetValue(feed.Partner.Code + slots, out var capped))
        {
            var (user, day) = capped.Next();
            return Event(tag, index, feed, user, day, capped.Quantity, n);
        }
        return Event(tag, index, feed, users[(int)(n % users.Count)], 1 + (int)(n / users.Count % NewEventDays), feed.Quantity, n);
    }

    private PartnerEventBody Event(string tag, int index, PartnerFeedPlan feed, string user, int daysBack, decimal quantity, long n = 0) =>
        new($"{tag}-{index:D4}", user, feed.BehaviourCode, quantity,
            PlatformTime.ChinaDateToUtc(_chinaToday.AddDays(-daysBack)) + TimeSpan.FromHours(8) + TimeSpan.FromSeconds(n % (12 * 3600)));

    private static string Pick(IReadOnlyList<string> users, Random random) => users[random.Next(users.Count)];

    /// <summary>
    /// (citizen, day) slots of a capped behaviour, each filled to below the cap before the next round: the new events
    /// of a run never reach the cap, so each must be accepted in full whatever order the batches land in.
    /// </summary>
    private sealed class CappedSlots(IReadOnlyList<string> users, int days, DailyCapRule rule, decimal quantity)
    {
        private readonly long _perSlot = (long)Math.Floor(rule.CapMilligrams / (quantity * rule.MilligramsPerUnit));
        private long _taken = -1;

        public decimal Quantity => quantity;

        public long Room => users.Count * days * Math.Max(0, _perSlot);

        public (string User, int DaysBack) Next()
        {
            var n = Interlocked.Increment(ref _taken);
            if (users.Count == 0 || n >= Room)
                throw new InvalidOperationException("More new walking than the daily cap leaves room for: raise --citizens or lower --batches.");
            return (users[(int)(n % users.Count)], 1 + (int)(n / users.Count % days));
        }
    }
}
