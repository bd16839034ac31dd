using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// The process dies mid-storm (SIGKILL: no shutdown, no flush). After a restart on the same file the invariants hold,
/// every request that was answered 2xx is still there, and a retry of each unanswered request with its own id
/// succeeds exactly once.
/// </summary>
public static class CrashRecovery
{
    private const int Shoppers = 20;
    private const int RedeemWorkers = 4;

    private sealed record SentScan(ScanPayload Scan, Outcome Outcome);

    private sealed record SentRedemption(BenchCitizen Citizen, string RequestId, Outcome Outcome);

    public static async Task<ScenarioReport> RunAsync(BenchmarkOptions options, TextWriter log)
    {
        var report = new ScenarioReport("crash");
        await using var world = await BenchmarkWorld.CreateAsync(options);
        var riders = await world.AddCitizensAsync(Math.Min(options.Citizens, 2_000), "rider");
        var shoppers = await world.AddCitizensAsync(Shoppers, "shopper", canSignIn: true);
        await world.GrantCreditsAsync(shoppers, 1_000m);
        var itemId = await world.ListBusCouponAsync("¥2 bus coupon", 20m, 100_000);
        var couponHolders = riders.Take(riders.Count / 10).ToList();
        await world.GrantCreditsAsync(couponHolders, 20m);
        await world.RedeemAsync(couponHolders, itemId);
        var (_, terminalKey) = await world.RegisterTerminalAsync(ScanStorm.TerminalId);

        var scans = new ConcurrentBag<SentScan>();
        var redemptions = new ConcurrentBag<SentRedemption>();
        await using (var app = await AppUnderTest.StartAsync(world))
        {
            using var client = new BenchClient(app.BaseAddress, options.Concurrency + RedeemWorkers);
            var validator = new Validator(client, terminalKey, world.RideCodes, riders);
            var tokens = await SignInAsync(client, shoppers);
            using var killed = new CancellationTokenSource();
            var enoughAnswers = new KillPoint(options.KillAfterAnswers, Math.Max(1, options.KillAfterAnswers / 10));

            var scanWorkers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
            {
                var random = new Random(w);
                while (!killed.IsCancellationRequested)
                {
                    var scan = validator.NewScan(random);
                    var sent = new SentScan(scan, await validator.SendAsync(scan));
                    scans.Add(sent);
                    if (sent.Outcome.Succeeded) enoughAnswers.ScanAnswered();
                }
            })).ToArray();
            var redeemWorkers = Enumerable.Range(0, RedeemWorkers).Select(w => Task.Run(async () =>
            {
                for (var n = w; !killed.IsCancellationRequested; n += RedeemWorkers)
                {
                    var shopper = shoppers[n % shoppers.Count];
                    var requestId = "crash-" + Guid.NewGuid().ToString("N");
                    var sent = new SentRedemption(shopper, requestId, await RedeemAsync(client, tokens[shopper.AccountId], itemId, requestId));
                    redemptions.Add(sent);
                    if (sent.Outcome.Succeeded) enoughAnswers.RedemptionAnswered();
                }
            })).ToArray();

            log.WriteLine($"crash: scans and redemptions until {enoughAnswers.Scans} scans and {enoughAnswers.Redemptions} redemptions are answered, " +
                $"then kill -9 of process {app.ProcessId}");
            // However slow the machine, the kill falls after answers; the cap only stops a storm that never gets any.
            await Task.WhenAny(enoughAnswers.Reached, Task.Delay(KillPoint.GiveUpAfter));
            await app.KillAsync();
            killed.Cancel();
            await Task.WhenAll(scanWorkers.Concat(redeemWorkers));
        }

        var answeredScans = scans.Where(s => s.Outcome.Succeeded).ToList();
        var unansweredScans = scans.Where(s => s.Outcome.Status == 0).ToList();
        var answeredRedemptions = redemptions.Where(r => r.Outcome.Succeeded).ToList();
        var unansweredRedemptions = redemptions.Where(r => r.Outcome.Status == 0).ToList();
        report.Add("scans answered 2xx before the kill", answeredScans.Count);
        report.Add("scans unanswered at the kill", unansweredScans.Count);
        report.Add("redemptions answered 2xx before the kill", answeredRedemptions.Count);
        report.Add("redemptions unanswered at the kill", unansweredRedemptions.Count);
        var refusedBeforeKill = scans.Select(s => s.Outcome).Concat(redemptions.Select(r => r.Outcome))
            .Where(o => o.Status is >= 300).ToList();
        if (refusedBeforeKill.Count > 0)
            report.Fail($"{refusedBeforeKill.Count} requests were refused before the kill: " +
                string.Join(", ", refusedBeforeKill.GroupBy(o => o.Label).Select(g => $"{g.Key} {g.Count()}")));
        if (answeredScans.Count == 0 || answeredRedemptions.Count == 0) report.Fail("the kill came before any answer: load longer");

        var restart = Stopwatch.StartNew();
        await using (var app = await AppUnderTest.StartAsync(world))
        {
            report.Add("restart on the same file (s)", restart.Elapsed.TotalSeconds.ToString("0.0"));
            report.Invariants = await world.CheckInvariantsAsync();
            if (!report.Invariants.AllHold) report.Fail("the invariants broke at the kill");

            await ExpectAnsweredKeptAsync(world, report, answeredScans, answeredRedemptions);

            var unansweredScanIds = unansweredScans.Select(s => s.Scan.ScanId).ToList();
            var unansweredRequestIds = unansweredRedemptions.Select(r => r.RequestId).ToList();
            report.Add("unanswered but committed before the kill", await world.QueryAsync(async db =>
                await db.Rides.CountAsync(r => unansweredScanIds.Contains(r.ScanId)) + await db.Coupons.CountAsync(c => unansweredRequestIds.Contains(c.RequestId))));

            using var client = new BenchClient(app.BaseAddress, 8);
            var validator = new Validator(client, terminalKey, world.RideCodes, riders);
            var tokens = await SignInAsync(client, shoppers);
            var retriedScans = await Task.WhenAll(unansweredScans.Select(s => validator.SendAsync(s.Scan)));
            var retriedRedemptions = await Task.WhenAll(unansweredRedemptions.Select(r =>
                RedeemAsync(client, tokens[r.Citizen.AccountId], itemId, r.RequestId)));
            var failedRetries = retriedScans.Concat(retriedRedemptions).Where(o => !o.Succeeded).ToList();
            report.Add("retries of unanswered requests that succeeded", retriedScans.Length + retriedRedemptions.Length - failedRetries.Count);
            report.ServerErrors = failedRetries.Count(o => o.ServerError);
            if (failedRetries.Count > 0)
                report.Fail($"{failedRetries.Count} retries failed: " + string.Join(", ", failedRetries.GroupBy(o => o.Label).Select(g => $"{g.Key} {g.Count()}")));
        }

        await ExpectExactlyOnceAsync(world, report, scans.Select(s => s.Scan.ScanId).ToList(), redemptions.Select(r => r.RequestId).ToList(),
            unansweredScans.Count + answeredScans.Count, unansweredRedemptions.Count + answeredRedemptions.Count);
        report.Invariants = await world.CheckInvariantsAsync();
        return report;
    }

    private static async Task<Dictionary<long, string>> SignInAsync(BenchClient client, IEnumerable<BenchCitizen> citizens)
    {
        var tokens = new ConcurrentDictionary<long, string>();
        await Parallel.ForEachAsync(citizens, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (citizen, _) =>
            tokens[citizen.AccountId] = (await client.SignInAsync(citizen.UserName, BenchmarkWorld.Password))!);
        return tokens.ToDictionary();
    }

    private static Task<Outcome> RedeemAsync(BenchClient client, string token, long itemId, string requestId) =>
        client.PostJsonAsync("/api/me/redemptions", new { itemId, requestId },
            headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", token));

    private static async Task ExpectAnsweredKeptAsync(BenchmarkWorld world, ScenarioReport report,
        List<SentScan> answeredScans, List<SentRedemption> answeredRedemptions)
    {
        var answeredScanIds = answeredScans.Select(s => s.Scan.ScanId).ToList();
        var keptRides = await world.QueryAsync(db => db.Rides.CountAsync(r => r.TerminalId == ScanStorm.TerminalId && answeredScanIds.Contains(r.ScanId)));
        var answeredCoupons = answeredRedemptions.Select(r => r.Outcome.Body!.Value.GetProperty("couponId").GetInt64()).ToList();
        var keptCoupons = await world.QueryAsync(db => db.Coupons.CountAsync(c => answeredCoupons.Contains(c.Id)));
        report.Add("answered scans still there after restart", $"{keptRides} of {answeredScans.Count}");
        report.Add("answered redemptions still there after restart", $"{keptCoupons} of {answeredRedemptions.Count}");
        if (keptRides != answeredScans.Count) report.Fail($"{answeredScans.Count - keptRides} answered scans were lost");
        if (keptCoupons != answeredRedemptions.Count) report.Fail($"{answeredRedemptions.Count - keptCoupons} answered redemptions were lost");
    }

    private static async Task ExpectExactlyOnceAsync(BenchmarkWorld world, ScenarioReport report, List<string> scanIds, List<string> requestIds,
        int expectedRides, int expectedCoupons)
    {
        var rides = await world.QueryAsync(db => db.Rides.CountAsync(r => r.TerminalId == ScanStorm.TerminalId && scanIds.Contains(r.ScanId)));
        var coupons = await world.QueryAsync(db => db.Coupons.CountAsync(c => requestIds.Contains(c.RequestId)));
        report.Add("rides for the storm's scans (exactly once each)", $"{rides} (expected {expectedRides})");
        report.Add("coupons for the storm's redemptions (exactly once each)", $"{coupons} (expected {expectedCoupons})");
        if (rides != expectedRides) report.Fail($"{rides} rides for {expectedRides} scans");
        if (coupons != expectedCoupons) report.Fail($"{coupons} coupons for {expectedCoupons} redemptions");
    }
}

/// <summary>Completes once enough scans and redemptions have been answered 2xx.</summary>
internal sealed class KillPoint(int scans, int redemptions)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _scans;
    private int _redemptions;

    public int Scans => scans;
    public int Redemptions => redemptions;
    public Task Reached => _reached.Task;

    public void ScanAnswered()
    {
        Interlocked.Increment(ref _scans);
        CheckReached();
    }

    public void RedemptionAnswered()
    {
        Interlocked.Increment(ref _redemptions);
        CheckReached();
    }

    private void CheckReached()
    {
        if (Volatile.Read(ref _scans) >= scans && Volatile.Read(ref _redemptions) >= redemptions) _reached.TrySetResult();
    }
}
