using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonHuitong.Core.Integrity;

namespace CarbonHuitong.Benchmarks;

public sealed record LatencySummary(int Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0);
}

/// <summary>Response times in Stopwatch ticks, from any number of workers at once.</summary>
public sealed class LatencyRecorder
{
    private readonly ConcurrentQueue<long> _ticks = new();

    public int Count => _ticks.Count;

    public void Record(long startTimestamp) => _ticks.Enqueue(Stopwatch.GetTimestamp() - startTimestamp);

    public void RecordElapsed(long ticks) => _ticks.Enqueue(ticks);

    public LatencySummary Summarize()
    {
        var sorted = _ticks.ToArray();
        if (sorted.Length == 0) return LatencySummary.Empty;
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Ms(Percentile(sorted, 0.50)), Ms(Percentile(sorted, 0.95)),
            Ms(Percentile(sorted, 0.99)), Ms(sorted[^1]));
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="share"/> of the values at or below it.</summary>
    private static long Percentile(long[] sorted, double share) =>
        sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];

    // Timing figures, not ledger amounts: milliseconds as double are fine here.
    private static double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 2);
}

/// <summary>Counts by outcome: refusal codes, status codes, errors; safe from many workers.</summary>
public sealed class OutcomeCounter
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Add(string outcome) => _counts.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public int this[string outcome] => _counts.GetValueOrDefault(outcome);

    public IReadOnlyDictionary<string, int> Snapshot() =>
        new SortedDictionary<string, int>(_counts.ToDictionary(pair => pair.Key, pair => pair.Value), StringComparer.Ordinal);
}

/// <summary>What one scenario measured, printed as a table and written as JSON with the same figures.</summary>
public sealed class ScenarioReport(string scenario)
{
    public string Scenario { get; } = scenario;
    public List<(string Name, string Value)> Figures { get; } = [];
    public Dictionary<string, LatencySummary> Latencies { get; } = [];
    public IReadOnlyDictionary<string, int> Refusals { get; set; } = new Dictionary<string, int>();

    /// <summary>What a batch's items were answered, by status and code ("accepted", "refused/daily_cap"), for scenarios that send batches.</summary>
    public IReadOnlyDictionary<string, int> Outcomes { get; set; } = new Dictionary<string, int>();
    public int ServerErrors { get; set; }
    public List<string> Failures { get; } = [];
    public List<(string Target, bool Met, string Detail)> Targets { get; } = [];
    public InvariantReport? Invariants { get; set; }

    public bool Passed => ServerErrors == 0 && Failures.Count == 0 && Invariants is { AllHold: true };

    public void Add(string name, object value) =>
        Figures.Add((name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));

    public void Target(string target, bool met, string detail) => Targets.Add((target, met, detail));

    public void Fail(string failure) => Failures.Add(failure);

    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine($"== {Scenario} ==");
        foreach (var (name, value) in Figures) text.AppendLine($"  {name,-38} {value}");
        if (Latencies.Count > 0)
        {
            var width = Math.Max(24, Latencies.Keys.Max(k => k.Length));
            text.AppendLine($"  {"latency (ms)".PadRight(width)} {"n",8} {"p50",8} {"p95",8} {"p99",8} {"max",8}");
            foreach (var (name, l) in Latencies)
                text.AppendLine($"  {name.PadRight(width)} {l.Count,8} {l.P50Ms,8:0.00} {l.P95Ms,8:0.00} {l.P99Ms,8:0.00} {l.MaxMs,8:0.00}");
        }
        if (Outcomes.Count > 0)
        {
            text.AppendLine("  outcomes by status and code:");
            foreach (var (outcome, count) in Outcomes) text.AppendLine($"    {outcome,-36} {count,10:N0}");
        }
        text.AppendLine($"  {"refusals by code",-38} {(Refusals.Count == 0 ? "none" : string.Join(", ", Refusals.Select(r => $"{r.Key} {r.Value}")))}");
        text.AppendLine($"  {"server errors (5xx or no answer)",-38} {ServerErrors}");
        foreach (var (target, met, detail) in Targets) text.AppendLine($"  target {(met ? "met   " : "MISSED")} {target}: {detail}");
        foreach (var failure in Failures) text.AppendLine($"  FAILED {failure}");
        if (Invariants is not null)
        {
            text.AppendLine("  invariants on the database file:");
            foreach (var line in Invariants.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)) text.AppendLine("    " + line.TrimEnd());
        }
        return text.ToString();
    }

    public object ToJson() => new
    {
        scenario = Scenario,
        passed = Passed,
        figures = Figures.ToDictionary(f => f.Name, f => f.Value),
        latencyMs = Latencies,
        refusals = Refusals,
        outcomes = Outcomes.Count > 0 ? Outcomes : null,
        serverErrors = ServerErrors,
        targets = Targets.Select(t => new { target = t.Target, met = t.Met, detail = t.Detail }),
        failures = Failures,
        invariantsHold = Invariants?.AllHold,
        invariants = Invariants?.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries),
    };

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
