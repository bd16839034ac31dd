using System.Diagnostics;
using CarbonHuitong.Core.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Lifecycle;

/// <summary>When the lifecycle job runs (settings section <c>Lifecycle</c>).</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>Minutes between runs: pending events are confirmed, credits expired and reminders made at most this late.</summary>
    public int RunEveryMinutes { get; set; } = 60;

    /// <summary>How long a server holds the job before another may take it over (a server that died mid-run lets go this late).</summary>
    public int LeaseMinutes { get; set; } = 30;

    public const int MaxMinutes = 7 * 24 * 60;

    public string? Problem() =>
        RunEveryMinutes is < 1 or > MaxMinutes ? $"{Section}:{nameof(RunEveryMinutes)} must be 1 to {MaxMinutes:#,0} minutes."
        : LeaseMinutes is < 1 or > MaxMinutes ? $"{Section}:{nameof(LeaseMinutes)} must be 1 to {MaxMinutes:#,0} minutes."
        : null;
}

/// <summary>
/// One step of the credits' lifecycle job, run in order under the job's lease: confirm overdue pending events, expire
/// credits, make reminders, deliver them. Each step is idempotent on its own, so a run cut short is finished by the next.
/// </summary>
public interface ILifecycleStep
{
    /// <summary>What the step does, for the job's log: "credits expired".</summary>
    string Name { get; }

    /// <returns>How many things it did (events confirmed, accounts expired, notifications made).</returns>
    Task<long> RunAsync(CancellationToken ct);
}

/// <param name="Ran">False when another server held the lease, so this run did nothing.</param>
public sealed record LifecycleReport(bool Ran, IReadOnlyList<(string Step, long Count)> Steps, TimeSpan Took)
{
    public override string ToString() => string.Join(", ", Steps.Select(s => $"{s.Step}: {s.Count}"));
}

/// <summary>
/// The credits' lifecycle job: every step in order, under a lease in the database (<see cref="JobLeases"/>), so two
/// servers, or two runs, never overlap; each step's own keys make a repeated run harmless anyway.
/// </summary>
public sealed partial class CreditLifecycle(CarbonDbContext db, IEnumerable<ILifecycleStep> steps, IOptions<LifecycleOptions> options,
    TimeProvider clock, ILogger<CreditLifecycle> logger)
{
    public const string JobName = "credit-lifecycle";

    /// <param name="holder">Who runs it (a server's name and process): the lease's holder.</param>
    public async Task<LifecycleReport> RunAsync(string holder, CancellationToken ct = default)
    {
        if (options.Value.Problem() is { } problem) throw new InvalidOperationException(problem);
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        if (!await JobLeases.TryAcquireAsync(db, JobName, holder, now, now.AddMinutes(options.Value.LeaseMinutes), ct))
        {
            Skipped(holder);
            return new LifecycleReport(false, [], Stopwatch.GetElapsedTime(started));
        }
        try
        {
            var done = new List<(string, long)>();
            foreach (var step in steps) done.Add((step.Name, await step.RunAsync(ct)));
            var report = new LifecycleReport(true, done, Stopwatch.GetElapsedTime(started));
            Ran(report.ToString(), report.Took.TotalMilliseconds);
            return report;
        }
        finally
        {
            await JobLeases.ReleaseAsync(db, JobName, holder, clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Credit lifecycle: {Steps} in {TookMs:0} ms")]
    private partial void Ran(string steps, double tookMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Credit lifecycle: another server holds the lease; {Holder} skips this run")]
    private partial void Skipped(string holder);
}

/// <summary>Pending partner events left unsettled past their partner's window are confirmed.</summary>
public sealed class ConfirmOverduePendingStep(Behaviours.Partners.PartnerSettlements settlements) : ILifecycleStep
{
    public string Name => "pending events confirmed";

    public async Task<long> RunAsync(CancellationToken ct) => await settlements.ConfirmOverdueAsync(ct);
}

/// <summary>Credits past their cutoff expire (<see cref="Ledger.CreditExpiry"/>).</summary>
public sealed class ExpireCreditsStep(Ledger.CreditExpiry expiry) : ILifecycleStep
{
    public string Name => "accounts with credits expired";

    public async Task<long> RunAsync(CancellationToken ct) => (await expiry.RunAsync(ct)).Accounts;
}
