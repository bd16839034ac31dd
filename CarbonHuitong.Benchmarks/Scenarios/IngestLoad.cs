using System.Diagnostics;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// The workers of the ingest scenario: each takes the next batch, has it composed, signs and sends it as its partner,
/// and checks every answer against what the event's kind calls for. Answered new events go back to their partner, to
/// be resent later. Halfway, it can run a revocation beside the load; once that is answered, every batch composed
/// after it must find those links revoked.
/// </summary>
public sealed class IngestLoad(IngestMix mix, IReadOnlyDictionary<string, PartnerPlatform> platforms, int concurrency, bool warmUp)
{
    private const int SampledMismatches = 5;
    private readonly List<string> _mismatchSamples = [];
    private long _next;
    private int _batches;
    private long _events;
    private long _answered;
    private long _accepted;
    private int _mismatches;
    private int _failedBatches;
    private int _serverErrors;
    private volatile bool _revoked;
    private Task? _revocation;

    public LatencyRecorder Latency { get; } = new();
    public OutcomeCounter BatchOutcomes { get; } = new();
    public OutcomeCounter EventOutcomes { get; } = new();
    public OutcomeCounter EventKinds { get; } = new();
    public int Batches => _batches;
    public long Events => _events;
    public long Answered => _answered;
    public long Accepted => _accepted;
    public int Mismatches => _mismatches;
    public int FailedBatches => _failedBatches;

    /// <summary>Batches answered 5xx, or not at all.</summary>
    public int ServerErrors => _serverErrors;

    public IReadOnlyList<string> MismatchSamples
    {
        get
        {
            lock (_mismatchSamples) return [.. _mismatchSamples];
        }
    }

    /// <summary>Run beside the load once half the batches have started; awaited when the load ends.</summary>
    public Func<Task>? MidRunRevocation { get; init; }

    /// <summary>Sends up to <paramref name="batches"/> batches, and stops early when <paramref name="duration"/> runs out.</summary>
    public async Task<TimeSpan> RunAsync(int batches, TimeSpan? duration = null)
    {
        var deadline = duration is { } d ? Stopwatch.GetTimestamp() + (long)(d.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkAsync(w, batches, deadline))));
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (_revocation is not null) await _revocation;
        return elapsed;
    }

    private async Task WorkAsync(int worker, int batches, long deadline)
    {
        var random = new Random(worker + (warmUp ? 1_000 : 0));
        long batch;
        while (Stopwatch.GetTimestamp() < deadline && (batch = Interlocked.Increment(ref _next) - 1) < batches)
        {
            if (batch == batches / 2 && MidRunRevocation is { } revoke)
                _revocation = Task.Run(async () =>
                {
                    await revoke();
                    _revoked = true;
                });
            var revokedBeforeSending = _revoked;
            var planned = mix.Compose(batch, warmUp, random);
            var feed = mix.FeedOf(batch);
            var (outcome, answers) = await platforms[feed.Partner.Code].SendAsync(planned.Select(p => p.Event).ToList(), Latency);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _events, planned.Count);
            BatchOutcomes.Add(outcome.Label);
            if (outcome.ServerError) Interlocked.Increment(ref _serverErrors);
            if (!outcome.Succeeded || answers.Count != planned.Count)
            {
                Interlocked.Increment(ref _failedBatches);
                continue;
            }
            Interlocked.Add(ref _answered, answers.Count);
            for (var i = 0; i < planned.Count; i++)
            {
                var (plan, answer) = (planned[i], answers[i]);
                EventKinds.Add(plan.Kind.ToString());
                EventOutcomes.Add(answer.Label);
                if (answer.Status == "accepted") Interlocked.Increment(ref _accepted);
                if (IngestMix.Mismatch(plan, answer, revokedBeforeSending) is { } mismatch)
                {
                    if (Interlocked.Increment(ref _mismatches) <= SampledMismatches)
                        lock (_mismatchSamples) _mismatchSamples.Add(mismatch);
                }
                else if (plan.Kind == IngestEventKind.New) feed.Remember(plan.Event, answer);
            }
        }
    }
}
