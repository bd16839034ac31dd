using System.Diagnostics;
using CarbonHuitong.Core.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Benchmarks.Scenarios;

public sealed record ScanPayload(string ScanId, string RideCode, string LineId, string VehicleId, long FareFen, DateTime ScannedAt);

/// <summary>
/// A peak of boardings: validators post scans of fresh ride codes for many citizens at once. A share of scans is
/// sent again with the same scanId (a validator retrying after a lost answer) and a share replays a code that has
/// already paid for a ride (a screenshot passed along); both must be answered, neither may earn twice.
/// </summary>
public static class ScanStorm
{
    public const string TerminalId = "bench-validator-001";

    public static async Task<ScenarioReport> RunAsync(BenchmarkOptions options, TextWriter log)
    {
        var report = new ScenarioReport("scan");
        await using var world = await BenchmarkWorld.CreateAsync(options);
        log.WriteLine($"scan: {options.Citizens:N0} citizens, {options.CouponPercent}% holding a bus coupon ({world.Folder})");
        var citizens = await world.AddCitizensAsync(options.Citizens, "rider");
        var couponHolders = citizens.Take(citizens.Count * options.CouponPercent / 100).ToList();
        if (couponHolders.Count > 0)
        {
            var itemId = await world.ListBusCouponAsync("¥2 bus coupon", 20m, couponHolders.Count);
            await world.GrantCreditsAsync(couponHolders, 20m);
            await world.RedeemAsync(couponHolders, itemId);
        }
        var (_, terminalKey) = await world.RegisterTerminalAsync(TerminalId);

        await using var app = await AppUnderTest.StartAsync(world,
            Environment.GetEnvironmentVariable("BENCH_APP_OUTPUT") == "1" ? new Dictionary<string, string> { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Information" } : null);
        using var client = new BenchClient(app.BaseAddress, options.Concurrency);
        var validator = new Validator(client, terminalKey, world.RideCodes, citizens);

        // The JIT and EF's query cache settle in the first seconds; a server runs for hours, so those are not measured.
        log.WriteLine($"scan: warming up for {options.WarmUp.TotalSeconds:0} s");
        await new ScanLoad(options with { Duration = options.WarmUp }, validator).RunAsync();
        var ridesBefore = await world.QueryAsync(db => db.Rides.CountAsync());

        log.WriteLine($"scan: {options.Concurrency} in flight for {options.Duration.TotalSeconds:0} s (at most {options.MaxRequests:N0} requests)");
        var load = new ScanLoad(options, validator);
        var (appCpu, benchCpu) = (app.CpuTime, Environment.CpuUsage.TotalTime);
        var elapsed = await load.RunAsync();
        (appCpu, benchCpu) = (app.CpuTime - appCpu, Environment.CpuUsage.TotalTime - benchCpu);

        var ridesRecorded = await world.QueryAsync(db => db.Rides.CountAsync()) - ridesBefore;
        var couponsUsed = await world.QueryAsync(db => db.Rides.CountAsync(r => r.CouponId != null));
        report.Add("citizens", options.Citizens.ToString("N0"));
        report.Add("concurrency", options.Concurrency);
        report.Add("seconds", elapsed.TotalSeconds.ToString("0.0"));
        report.Add("requests", load.Requests);
        report.Add("accepted new rides", load.AcceptedRides);
        report.Add("accepted scans/s", Math.Round(load.AcceptedRides / elapsed.TotalSeconds));
        report.Add("app CPU per request (ms)", (appCpu.TotalMilliseconds / load.Requests).ToString("0.00"));
        report.Add("load generator CPU per request (ms)", (benchCpu.TotalMilliseconds / load.Requests).ToString("0.00"));
        report.Add("retries answered as before", load.RetriesAnswered);
        report.Add("replays refused", load.ReplaysRefused);
        report.Add("rides in the database (new)", ridesRecorded);
        report.Add("rides paid by a coupon (all)", couponsUsed);
        report.Latencies["all scans"] = load.Latency.Summarize();
        report.Latencies["new rides"] = load.NewRideLatency.Summarize();
        report.Refusals = load.Outcomes.Snapshot().Where(o => !o.Key.StartsWith('2')).ToDictionary();
        report.ServerErrors = load.ServerErrors;

        if (ridesRecorded != load.AcceptedRides)
            report.Fail($"{load.AcceptedRides} new rides were accepted but {ridesRecorded} are in the database");
        if (load.UnexpectedOutcomes > 0) report.Fail($"{load.UnexpectedOutcomes} scans got an answer they should not have");
        var perSecond = load.AcceptedRides / elapsed.TotalSeconds;
        var p99 = report.Latencies["all scans"].P99Ms;
        report.Target("≥ 2,000 accepted scans/s", perSecond >= 2_000, $"{perSecond:0}/s");
        report.Target("p99 ≤ 50 ms", p99 <= 50, $"{p99:0.0} ms");

        if (Environment.GetEnvironmentVariable("BENCH_APP_OUTPUT") == "1") log.WriteLine(app.Output);
        await app.DisposeAsync();
        report.Invariants = await world.CheckInvariantsAsync();
        return report;
    }

    /// <summary>The workers: each keeps its last accepted scan to retry or replay.</summary>
    internal sealed class ScanLoad(BenchmarkOptions options, Validator validator)
    {
        private int _requests;
        private int _acceptedRides;
        private int _retriesAnswered;
        private int _replaysRefused;
        private int _serverErrors;
        private int _unexpected;

        public LatencyRecorder Latency { get; } = new();
        public LatencyRecorder NewRideLatency { get; } = new();
        public OutcomeCounter Outcomes { get; } = new();
        public int Requests => _requests;
        public int AcceptedRides => _acceptedRides;
        public int RetriesAnswered => _retriesAnswered;
        public int ReplaysRefused => _replaysRefused;
        public int ServerErrors => _serverErrors;
        public int UnexpectedOutcomes => _unexpected;

        public Task<TimeSpan> RunAsync()
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
            return RunWhileAsync(() => Stopwatch.GetTimestamp() < deadline);
        }

        /// <summary>Scans until <paramref name="stop"/> is cancelled (or the request limit is reached): load alongside other work.</summary>
        public Task<TimeSpan> RunUntilAsync(CancellationToken stop) => RunWhileAsync(() => !stop.IsCancellationRequested);

        private async Task<TimeSpan> RunWhileAsync(Func<bool> going)
        {
            var started = Stopwatch.GetTimestamp();
            var workers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(() => WorkAsync(w, going)));
            await Task.WhenAll(workers);
            return Stopwatch.GetElapsedTime(started);
        }

        private async Task WorkAsync(int worker, Func<bool> going)
        {
            var random = new Random(worker);
            ScanPayload? last = null;
            while (going() && Interlocked.Increment(ref _requests) <= options.MaxRequests)
            {
                var roll = random.Next(100);
                if (last is not null && roll < options.RetryPercent)
                {
                    var retried = await validator.SendAsync(last, Latency);
                    Count(retried, expected: retried.Succeeded);
                    if (retried.Succeeded) Interlocked.Increment(ref _retriesAnswered);
                }
                else if (last is not null && roll < options.RetryPercent + options.ReplayPercent)
                {
                    var replayed = await validator.SendAsync(last with { ScanId = Validator.NewScanId() }, Latency);
                    var refused = replayed.Code == "replayed_code";
                    Count(replayed, expected: refused);
                    if (refused) Interlocked.Increment(ref _replaysRefused);
                }
                else
                {
                    var scan = validator.NewScan(random);
                    var started = Stopwatch.GetTimestamp();
                    var ride = await validator.SendAsync(scan, Latency);
                    NewRideLatency.Record(started);
                    Count(ride, expected: ride.Succeeded);
                    if (ride.Succeeded)
                    {
                        Interlocked.Increment(ref _acceptedRides);
                        last = scan;
                    }
                }
            }
            if (_requests > options.MaxRequests) Interlocked.Exchange(ref _requests, options.MaxRequests);
        }

        private void Count(Outcome outcome, bool expected)
        {
            Outcomes.Add(outcome.Label);
            if (outcome.ServerError) Interlocked.Increment(ref _serverErrors);
            else if (!expected) Interlocked.Increment(ref _unexpected);
        }
    }
}

/// <summary>A bus validator: signs nothing, only forwards what the rider's phone shows, with its own key.</summary>
public sealed class Validator(BenchClient client, string terminalKey, RideCodes rideCodes, IReadOnlyList<BenchCitizen> riders)
{
    public static string NewScanId() => "scan-" + Guid.NewGuid().ToString("N");

    /// <summary>A rider shows a fresh code, as the ride-code page renews it before it expires.</summary>
    public ScanPayload NewScan(Random random) => NewScan(riders[random.Next(riders.Count)].AccountId);

    public ScanPayload NewScan(long accountId) => new(NewScanId(), rideCodes.Issue(accountId).Token, BenchmarkWorld.LineId,
        BenchmarkWorld.VehicleId, 200, DateTime.UtcNow);

    public Task<Outcome> SendAsync(ScanPayload scan, LatencyRecorder? latency = null) =>
        client.PostJsonAsync("/api/terminal/scans", scan, headers => headers.Add("X-Terminal-Key", terminalKey), latency);
}
