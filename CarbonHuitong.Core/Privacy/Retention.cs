using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Privacy;

/// <summary>
/// How long personal data that the platform no longer needs is kept, in whole days (settings section
/// <c>Retention</c>). Past its period the data is erased in place by <see cref="RetentionService"/>; the rows that
/// carry the credits stay.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>China's Cybersecurity Law (art. 21) asks that network logs be kept for at least six months.</summary>
    public const int MinimumLogDays = 180;

    /// <summary>A ride's and a used coupon's vehicle id: long enough for a fare dispute or a complaint about a bus.</summary>
    public int VehicleDataDays { get; set; } = 90;

    /// <summary>Raw events partners send (the partner feeds register their clean-up as an <see cref="IRetentionStep"/>).</summary>
    public int PartnerEventDays { get; set; } = 90;

    /// <summary>The personal fields of the app's stored logs: the audit log's actor email. At least <see cref="MinimumLogDays"/>.</summary>
    public int LogPersonalDataDays { get; set; } = MinimumLogDays;

    /// <summary>How often the clean-up runs, in hours.</summary>
    public int RunEveryHours { get; set; } = 24;

    /// <summary>A hundred years: longer is no retention period, and would overflow a date.</summary>
    public const int MaximumDays = 36_500;

    /// <summary>A year between clean-ups at most (a timer cannot wait much longer).</summary>
    public const int MaximumHoursBetweenRuns = 24 * 366;

    /// <summary>What is wrong with these settings, or null.</summary>
    public string? Problem() =>
        VehicleDataDays is < 1 or > MaximumDays ? $"{Section}:{nameof(VehicleDataDays)} must be 1 to {MaximumDays} days."
        : PartnerEventDays is < 1 or > MaximumDays ? $"{Section}:{nameof(PartnerEventDays)} must be 1 to {MaximumDays} days."
        : LogPersonalDataDays < MinimumLogDays ? $"{Section}:{nameof(LogPersonalDataDays)} must be at least {MinimumLogDays} days (Cybersecurity Law, six months of logs)."
        : LogPersonalDataDays > MaximumDays ? $"{Section}:{nameof(LogPersonalDataDays)} must be at most {MaximumDays} days."
        : RunEveryHours is < 1 or > MaximumHoursBetweenRuns ? $"{Section}:{nameof(RunEveryHours)} must be 1 to {MaximumHoursBetweenRuns} hours."
        : null;
}

/// <summary>
/// One more kind of data with a retention period, cleaned up with the rest: the partner feeds add theirs for
/// <see cref="RetentionOptions.PartnerEventDays"/>. Set-based, like the built-in steps.
/// </summary>
public interface IRetentionStep
{
    /// <summary>What the step erases, for the clean-up's report: "partner events".</summary>
    string Name { get; }

    /// <returns>The rows it changed or removed.</returns>
    Task<int> RunAsync(CarbonDbContext db, RetentionOptions periods, DateTime nowUtc, CancellationToken ct);
}

/// <param name="Erased">Rows changed per kind of data, by name, in the order the steps ran.</param>
public sealed record RetentionReport(IReadOnlyList<(string Data, int Rows)> Erased)
{
    public int Total => Erased.Sum(e => e.Rows);

    public override string ToString() => string.Join(", ", Erased.Select(e => $"{e.Data}: {e.Rows}"));
}

/// <summary>
/// Erases personal data whose period is over, one UPDATE per kind of data in the database (no row is loaded): a
/// ride's vehicle id becomes empty, a used coupon's vehicle id null, and an audit entry's actor email empty (the one
/// change the audit log's append-only trigger lets through). Running it again changes nothing new.
/// </summary>
public sealed class RetentionService(CarbonDbContext db, IOptions<RetentionOptions> options, TimeProvider clock, IEnumerable<IRetentionStep> steps)
{
    public const string Rides = "ride vehicle ids";
    public const string Coupons = "coupon vehicle ids";
    public const string AuditEmails = "audit log emails";

    public async Task<RetentionReport> RunAsync(CancellationToken ct = default)
    {
        var periods = options.Value;
        if (periods.Problem() is { } problem) throw new InvalidOperationException(problem);
        var now = clock.GetUtcNow().UtcDateTime;
        var vehicleCutoff = now.AddDays(-periods.VehicleDataDays);
        var logCutoff = now.AddDays(-periods.LogPersonalDataDays);
        // One write transaction, so on SQLite the clean-up takes its turn in the write queue like any other writer.
        return await db.InWriteTransactionAsync(async () =>
        {
            var erased = new List<(string, int)>
            {
                (Rides, await db.Rides.Where(r => r.ScannedAt < vehicleCutoff && r.VehicleId != "")
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.VehicleId, ""), ct)),
                (Coupons, await db.Coupons.Where(c => c.UsedAt < vehicleCutoff && c.UsedVehicleId != null)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.UsedVehicleId, (string?)null), ct)),
                (AuditEmails, await db.AuditEntries.Where(e => e.At < logCutoff && e.ActorEmail != "")
                    .ExecuteUpdateAsync(set => set.SetProperty(e => e.ActorEmail, ""), ct)),
            };
            foreach (var step in steps) erased.Add((step.Name, await step.RunAsync(db, periods, now, ct)));
            return new RetentionReport(erased);
        }, ct);
    }
}
