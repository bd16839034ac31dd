using System.Diagnostics;
using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Lifecycle;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// The night after a cutoff: a million accounts hold credits earned over two years, and the lifecycle job expires
/// the older year's, in short write transactions, while validators keep posting scans. The job must finish within a
/// minute and never hold SQLite's write lock long enough to stall a scan; each expiry must be what the formula says.
/// </summary>
public static class YearEndExpiry
{
    public const string TerminalId = "bench-validator-night";
    public const int LeastAccounts = 10;
    private const string Holder = "bench-expiry";
    private const int SampledAccounts = 1_000;
    private const int AccountsPerImport = 100_000;

    public static async Task<ScenarioReport> RunAsync(BenchmarkOptions options, TextWriter log)
    {
        var report = new ScenarioReport("expire");
        await using var world = await BenchmarkWorld.CreateAsync(options);
        log.WriteLine($"expire: {options.Accounts:N0} accounts with credits from two years ({world.Folder})");
        var (plan, riders) = await SetUpAsync(world, options, report, log);
        var (_, terminalKey) = await world.RegisterTerminalAsync(TerminalId);

        var runs = new ExpiryRuns();
        var holds = new WriteLockHolds();
        var statements = new StatementTimes();
        await using var job = world.ServicesAt(new ShiftedClock(new DateTimeOffset(plan.JobStart, TimeSpan.Zero)), services =>
        {
            services.AddSingleton(runs);
            services.Configure<ExpiryOptions>(expiry => expiry.BatchSize = options.ExpiryBatch);
            services.ConfigureDbContext<CarbonDbContext>(db => db.AddInterceptors(holds, statements));
            var step = services.Single(s => s.ImplementationType == typeof(ExpireCreditsStep));
            services[services.IndexOf(step)] = ServiceDescriptor.Scoped<ILifecycleStep, RecordedExpireCreditsStep>();
        });

        await using var app = await AppUnderTest.StartAsync(world);
        using var client = new BenchClient(app.BaseAddress, options.Concurrency);
        var validator = new Validator(client, terminalKey, world.RideCodes, riders);
        var storm = options with { MaxRequests = int.MaxValue };
        log.WriteLine($"expire: scans warming up for {options.WarmUp.TotalSeconds:0} s, then {options.Duration.TotalSeconds:0} s measured without the job");
        await new ScanStorm.ScanLoad(storm with { Duration = options.WarmUp }, validator).RunAsync();
        var before = new ScanStorm.ScanLoad(storm, validator);
        await before.RunAsync();

        log.WriteLine($"expire: the lifecycle job at {plan.JobStart:u} (cutoff {plan.Cutoff:u}), batches of {options.ExpiryBatch}, "
            + $"{options.Concurrency} scans in flight; load average {LoadAverage()}");
        report.Add("load average before the job", LoadAverage());
        var during = new ScanStorm.ScanLoad(storm, validator);
        using var stop = new CancellationTokenSource();
        var scanning = during.RunUntilAsync(stop.Token);
        var started = Stopwatch.GetTimestamp();
        var lifecycle = await RunLifecycleAsync(job);
        var took = Stopwatch.GetElapsedTime(started);
        await stop.CancelAsync();
        await scanning;
        report.Add("load average after the job", LoadAverage());
        var firstRun = runs.Reports.LastOrDefault();
        var (jobHolds, jobStatements) = (holds.Holds, statements.Snapshot());
        var (held, statementsHeld) = (holds.Held, statements.InTransactions);
        log.WriteLine($"expire: job done in {took.TotalSeconds:0.0} s; running it again");
        holds.Reset();
        statements.Reset();

        var again = await RunLifecycleAsync(job);
        var (forgotten, forgottenTook) = await RunForgettingProgressAsync(job, plan.OlderYear);
        await app.DisposeAsync();

        Describe(report, options, plan, lifecycle, firstRun, took, jobHolds, jobStatements);
        report.Add("write lock held in all (s), of it in statements",
            $"{held.TotalSeconds:0.0}, {statementsHeld.TotalSeconds:0.0} (the rest is EF Core and .NET inside the transactions)");
        report.Latencies["scans without the job"] = before.Latency.Summarize();
        report.Latencies["scans during the job"] = during.Latency.Summarize();
        report.Add("scans during the job", during.Requests);
        report.ServerErrors = before.ServerErrors + during.ServerErrors;
        report.Refusals = during.Outcomes.Snapshot().Where(o => !o.Key.StartsWith('2')).ToDictionary();
        if (before.UnexpectedOutcomes + during.UnexpectedOutcomes > 0)
            report.Fail($"{before.UnexpectedOutcomes + during.UnexpectedOutcomes} scans got an answer they should not have");

        var rerun = runs.Reports.Count > 1 ? runs.Reports.Last() : null;
        report.Add("accounts expired by a second run", again.Ran ? rerun?.Accounts.ToString(CultureInfo.InvariantCulture) ?? "?" : "did not run");
        report.Add("accounts expired with the progress forgotten", forgotten.Accounts);
        report.Add("seconds of that run (nothing due)", forgottenTook.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        if (!again.Ran || rerun is not { Accounts: 0 }) report.Fail("a second run of the job did not run, or expired something");
        if (forgotten.Accounts != 0) report.Fail($"with its progress forgotten, the job expired {forgotten.Accounts} accounts again");

        await ExpiryChecks.CheckAsync(report, world, plan, firstRun, SampledAccounts);
        var checking = Stopwatch.StartNew();
        report.Invariants = await world.CheckInvariantsAsync();
        log.WriteLine($"expire: invariants checked in {checking.Elapsed.TotalSeconds:0.0} s");
        return report;
    }

    /// <summary>The accounts, registered by Core in bulk; their earns as an imported history; their spends through the ledger.</summary>
    private static async Task<(ExpiryPlan Plan, List<BenchCitizen> Riders)> SetUpAsync(BenchmarkWorld world, BenchmarkOptions options,
        ScenarioReport report, TextWriter log)
    {
        var setUp = Stopwatch.StartNew();
        var riders = new List<BenchCitizen>();
        var wanted = Math.Min(options.Citizens, options.Accounts);
        var ids = await world.AddAccountsAsync(options.Accounts, "saver", chunk => riders.AddRange(chunk.Take(wanted - riders.Count)));
        var registered = setUp.Elapsed;
        log.WriteLine($"expire: {ids.Length:N0} accounts registered in {registered.TotalSeconds:0.0} s");

        var orderHundredths = await world.QueryAsync(db => db.GreenBehaviours.Where(b => b.Code == ExpiryPlan.Behaviour)
            .Select(b => b.CreditHundredthsPerUnit).SingleAsync());
        var plan = new ExpiryPlan(new ExpiryPolicy(new ExpiryOptions().ValidYears), world.Clock.GetUtcNow().UtcDateTime, ids, orderHundredths);
        for (var from = 0; from < ids.Length; from += AccountsPerImport)
        {
            await world.ImportHistoryAsync(plan.EarnsOf(from, AccountsPerImport));
            log.WriteLine($"expire: earns of {Math.Min(from + AccountsPerImport, ids.Length):N0} accounts imported ({setUp.Elapsed.TotalSeconds:0} s)");
        }
        var earned = setUp.Elapsed;
        var redeemers = plan.Redeemers.ToList();
        if (redeemers.Count > 0) await world.RedeemAsync(redeemers, await world.ListBusCouponAsync("¥2 bus coupon", ExpiryPlan.CouponPrice.Value, redeemers.Count));
        await world.DeductCreditsAsync(plan.Deductions, "Benchmark: credits given up");
        var spent = setUp.Elapsed;
        log.WriteLine($"expire: set up in {spent.TotalSeconds:0.0} s; {plan.AccountsDue:N0} accounts have credits due");

        report.Add("accounts", options.Accounts.ToString("N0", CultureInfo.InvariantCulture));
        report.Add("earns (older year, later year)",
            $"{plan.Accounts.Count(a => a.OrdersOlder > 0):N0} in {plan.OlderYear}, {plan.Accounts.Count(a => a.OrdersLater > 0):N0} in {plan.LaterYear}");
        report.Add("coupons bought, deductions", $"{redeemers.Count:N0}, {plan.Accounts.Count(a => a.DeductedHundredths > 0):N0}");
        report.Add("set-up seconds (register, earn, spend and deduct)",
            $"{spent.TotalSeconds:0.0} ({registered.TotalSeconds:0.0}, {(earned - registered).TotalSeconds:0.0}, {(spent - earned).TotalSeconds:0.0})");
        return (plan, riders);
    }

    /// <summary>The credits' lifecycle job as a server runs it: under its lease, every step in order.</summary>
    private static async Task<LifecycleReport> RunLifecycleAsync(ServiceProvider job)
    {
        await using var scope = job.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreditLifecycle>().RunAsync(Holder);
    }

    /// <summary>
    /// The expiry once more with its remembered progress set back before the period, as if it were lost: the formula
    /// itself must then find nothing due, since each account's expiry now counts as credits out.
    /// </summary>
    private static async Task<(ExpiryRunReport Report, TimeSpan Took)> RunForgettingProgressAsync(ServiceProvider job, int olderYear)
    {
        await using var scope = job.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarbonDbContext>();
        await JobLeases.SetProgressAsync(db, CreditExpiry.JobName, (olderYear - 1).ToString(CultureInfo.InvariantCulture));
        var started = Stopwatch.GetTimestamp();
        var report = await scope.ServiceProvider.GetRequiredService<CreditExpiry>().RunAsync();
        return (report, Stopwatch.GetElapsedTime(started));
    }

    private static void Describe(ScenarioReport report, BenchmarkOptions options, ExpiryPlan plan, LifecycleReport lifecycle,
        ExpiryRunReport? run, TimeSpan took, LatencyRecorder holds, IReadOnlyList<(string Statement, TimeSpan Time, int Count)> statements)
    {
        report.Add("accounts with credits due", plan.AccountsDue.ToString("N0", CultureInfo.InvariantCulture));
        report.Add("credits due", new Credits(plan.HundredthsDue).ToString());
        report.Add("job clock", $"{plan.JobStart:u} (cutoff {plan.Cutoff:u}, credits earned through {plan.OlderYear})");
        report.Add("batch size", options.ExpiryBatch);
        report.Add("job seconds (lifecycle, lease included)", took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        report.Add("lifecycle steps", lifecycle.Ran ? lifecycle.ToString() : "did not run: the lease was held");
        report.Add("accounts expired", run?.Accounts.ToString("N0", CultureInfo.InvariantCulture) ?? "?");
        report.Add("credits expired", run?.Expired.ToString() ?? "?");
        report.Add("batches", run?.Batches ?? 0);
        report.Add("longest batch, wait for the turn included (ms)", run?.LongestBatch.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) ?? "?");
        var held = holds.Summarize();
        report.Add("write transactions of the job", held.Count);
        report.Latencies["write-lock holds of the job"] = held;
        foreach (var (statement, time, count) in statements)
            report.Add($"  statements: {statement}", $"{time.TotalSeconds:0.00} s in {count:N0}");
        if (!lifecycle.Ran || run is null) report.Fail("the lifecycle job did not run the expiry");

        report.Target("job ≤ 60 s", took <= TimeSpan.FromSeconds(60), $"{took.TotalSeconds:0.0} s");
        report.Target("no write-lock hold > 50 ms", held.MaxMs <= 50, $"longest {held.MaxMs:0.0} ms, p99 {held.P99Ms:0.0} ms");
    }

    /// <summary>The machine's load average over 1, 5 and 15 minutes, as Linux reports it: on a shared machine the figures mean little without it.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
