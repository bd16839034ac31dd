using System.Diagnostics;
using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Web.Components.Pages.Government;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// The regulator's dashboard over a big regional ledger: at each size a fresh world (<see cref="GovernmentPlan"/>)
/// filled through the ledger's set-based write path, then each dashboard request timed over HTTP, one at a time, as a
/// signed-in regulator. Every figure comes from the monthly rollups, so the times must not grow with the ledger; the
/// figures themselves are checked once per size against the ledger, which only the benchmark reads.
/// </summary>
public static class GovernmentDashboard
{
    public const string TerminalId = "bench-validator-gov";

    /// <summary>Fewer entries would leave too few citizens for a table with anything shown.</summary>
    public const int LeastEntries = 1_000;

    public const double TargetP95Ms = 200;
    private const int WarmUps = 5;

    /// <summary>One citizen in this many (with the credits for it) buys a bus coupon, and every other buyer rides with it.</summary>
    private const int RedeemerEvery = 50;

    private static readonly Credits CouponPrice = Credits.FromDecimal(2m);

    public static async Task<ScenarioReport> RunAsync(BenchmarkOptions options, TextWriter log)
    {
        var report = new ScenarioReport("government");
        report.Add("sizes (earns imported)", string.Join(", ", options.GovernmentSizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture))));
        report.Add("months, districts", $"{GovernmentPlan.Months}, {DistrictCatalogue.All.Count}");
        report.Add("earns per citizen (on average)", options.EntriesPerCitizen);
        report.Add("samples per request", $"{options.GovernmentSamples} after {WarmUps} warm-ups, one request at a time");
        var p95 = new Dictionary<string, List<(int Size, double P95Ms)>>();
        foreach (var size in options.GovernmentSizes) await RunSizeAsync(size, options, report, p95, log);
        foreach (var (request, bySize) in p95)
            report.Target($"p95 ≤ {TargetP95Ms:0} ms at every size: {request}", bySize.All(s => s.P95Ms <= TargetP95Ms),
                string.Join("; ", bySize.Select(s => double.IsInfinity(s.P95Ms) ? $"{Short(s.Size)} not answered" : $"{Short(s.Size)} {s.P95Ms:0.0} ms")));
        return report;
    }

    private static async Task RunSizeAsync(int size, BenchmarkOptions options, ScenarioReport report,
        Dictionary<string, List<(int, double)>> p95, TextWriter log)
    {
        var label = Short(size);
        await using var world = await BenchmarkWorld.CreateAsync(options);
        log.WriteLine($"government: {size:N0} earns ({world.Folder})");
        var setUp = Stopwatch.StartNew();
        var plan = new GovernmentPlan(size, options.EntriesPerCitizen, world.Clock.GetUtcNow().UtcDateTime, await world.BehavioursInEffectAsync());
        var accountIds = await world.AddAccountsAsync(plan.Citizens, $"resident{label}");
        var registered = setUp.Elapsed;
        await world.SetDistrictsAsync(accountIds.Select((id, i) => (id, plan.Home[i])).Where(c => c.Item2 is not null));
        var districted = setUp.Elapsed;
        await world.ImportHistoryAsync(plan.EarnsIn(accountIds, 0, GovernmentPlan.MoveMonth));
        // Before the second half: each earn counts in the district its account named when it was recorded.
        await world.SetDistrictsAsync(accountIds.Select((id, i) => (id, plan.MovedTo[i])).Where((_, i) => plan.MovedTo[i] != plan.Home[i]));
        await world.ImportHistoryAsync(plan.EarnsIn(accountIds, GovernmentPlan.MoveMonth, GovernmentPlan.Months));
        var earned = setUp.Elapsed;
        log.WriteLine($"government: {plan.Citizens:N0} citizens and {size:N0} earns written in {earned.TotalSeconds:0.0} s");

        var candidates = accountIds.Where((_, i) => i % RedeemerEvery == 0).ToList();
        var redeemers = await world.QueryAsync(db => db.CarbonAccounts.Where(a => candidates.Contains(a.Id) && a.BalanceHundredths >= CouponPrice.Hundredths)
            .OrderBy(a => a.Id).Select(a => a.Id).ToListAsync());
        if (redeemers.Count > 0) await world.RedeemAsync(redeemers, await world.ListBusCouponAsync("¥2 bus coupon", CouponPrice.Value, redeemers.Count));
        var riders = redeemers.Where((_, k) => k % 2 == 0).ToList();
        var (_, terminalKey) = await world.RegisterTerminalAsync(TerminalId);
        var regulator = await world.AddRegulatorAsync();
        var spent = setUp.Elapsed;
        // What the lifecycle job does on its schedule: the spans the earns wrote are counted before anyone reads.
        var spans = await world.QueryAsync(db => new ActiveCitizenCounts(db).CatchUpAsync());
        var counted = setUp.Elapsed;

        await using var app = await AppUnderTest.StartAsync(world);
        var ridden = await RideWithCouponsAsync(app, world, terminalKey, riders, report);
        setUp.Stop();
        report.Add($"{label}: citizens (not given, moved, ever earned)", $"{plan.Citizens:N0} ({plan.NotGiven:N0}, {plan.Movers:N0}, {plan.EverActive:N0})");
        report.Add($"{label}: coupons bought, used at rides", $"{redeemers.Count:N0}, {ridden:N0}");
        report.Add($"{label}: ledger entries, rollup rows (district-month, account-month, activity spans, active-citizen counts)", await world.QueryAsync(async db =>
            $"{await db.LedgerEntries.LongCountAsync():N0}, {await db.DistrictMonthReductions.LongCountAsync():N0}, {await db.AccountMonthActivities.LongCountAsync():N0}, "
            + $"{await db.ActivitySpans.LongCountAsync():N0}, {await db.ActiveCitizenCounts.LongCountAsync():N0}"));
        report.Add($"{label}: set-up s, not timed (register, districts, earn, coupons, count {spans:N0} spans, app start and rides)",
            $"{setUp.Elapsed.TotalSeconds:0.0} ({registered.TotalSeconds:0.0}, {(districted - registered).TotalSeconds:0.0}, "
            + $"{(earned - districted).TotalSeconds:0.0}, {(spent - earned).TotalSeconds:0.0}, {(counted - spent).TotalSeconds:0.0}, {(setUp.Elapsed - counted).TotalSeconds:0.0})");
        report.Add($"{label}: earns imported per second", (size / (earned - districted).TotalSeconds).ToString("N0", CultureInfo.InvariantCulture));
        log.WriteLine($"government: set up in {setUp.Elapsed.TotalSeconds:0.0} s; checking the figures, then timing");

        var errorsBefore = report.ServerErrors;
        using var client = new BenchClient(app.BaseAddress, connections: 1, useCookies: true);
        await client.SignInAsync(regulator, BenchmarkWorld.Password, useCookies: true);
        var requests = Requests(world.Clock.GetUtcNow().UtcDateTime, plan);
        await GovernmentFigureChecks.CheckAsync(client, world, requests, label, redeemers.Count, ridden, report);
        foreach (var (name, path) in requests)
        {
            var latency = await TimeAsync(client, path, options.GovernmentSamples, report);
            report.Latencies[$"{label} {name}"] = latency;
            if (!p95.TryGetValue(name, out var bySize)) p95[name] = bySize = [];
            // A request that was never answered has no time: it misses the target.
            bySize.Add((size, latency.Count == 0 ? double.PositiveInfinity : latency.P95Ms));
        }
        if (report.ServerErrors > errorsBefore) log.WriteLine($"government: the app's last lines:{Environment.NewLine}{app.Output}");
        await app.DisposeAsync();

        var checking = Stopwatch.StartNew();
        var invariants = await world.CheckInvariantsAsync();
        report.Add($"{label}: invariants", $"{(invariants.AllHold ? "all hold" : "BROKEN")}, checked in {checking.Elapsed.TotalSeconds:0.0} s");
        if (!invariants.AllHold) report.Fail($"invariants broken at {size:N0} earns:{Environment.NewLine}{invariants}");
        // The table shows the last world's; a broken one at any size fails the run above.
        report.Invariants = invariants;
    }

    /// <summary>What the dashboard asks for: the district table three ways, its CSV, the open data, the closed loop and the page itself.</summary>
    public static IReadOnlyList<(string Name, string Path)> Requests(DateTime nowUtc, GovernmentPlan plan)
    {
        var last = MonthRange.LastTwelve(nowUtc).To;
        var category = plan.Categories.Contains(nameof(BehaviourCategory.Transport)) ? BehaviourCategory.Transport
            : Enum.Parse<BehaviourCategory>(plan.Categories.First());
        var code = GovernmentLinks.CategoryCode(category);
        return
        [
            ("districts, 12 months", "/api/government/districts"),
            ("districts, 3 months", $"/api/government/districts?from={MonthRange.Format(last.AddMonths(-2))}&to={MonthRange.Format(last)}"),
            ($"districts, {code}", $"/api/government/districts?category={code}"),
            ("districts.csv", GovernmentLinks.DistrictsCsvPath),
            ("open-data.json", GovernmentLinks.OpenDataJsonPath),
            ("closed-loop", "/api/government/closed-loop"),
            ("/government page", "/government"),
        ];
    }

    /// <summary>Half the coupon buyers board a bus: their validator scans, over HTTP, apply the coupon as at any bus door.</summary>
    private static async Task<int> RideWithCouponsAsync(AppUnderTest app, BenchmarkWorld world, string terminalKey, IReadOnlyList<long> riders,
        ScenarioReport report)
    {
        using var client = new BenchClient(app.BaseAddress, connections: 1);
        var validator = new Validator(client, terminalKey, world.RideCodes, []);
        foreach (var accountId in riders)
        {
            var ride = await validator.SendAsync(validator.NewScan(accountId));
            if (ride.ServerError) report.ServerErrors++;
            if (!ride.Succeeded) report.Fail($"a coupon holder's ride was answered {ride.Label}");
        }
        var paid = await world.QueryAsync(db => db.Rides.CountAsync(r => r.CouponId != null));
        if (paid != riders.Count) report.Fail($"{riders.Count} coupon holders rode but {paid} rides were paid by a coupon");
        return paid;
    }

    private static async Task<LatencySummary> TimeAsync(BenchClient client, string path, int samples, ScenarioReport report)
    {
        var recorder = new LatencyRecorder();
        for (var i = 0; i < WarmUps + samples; i++)
        {
            int status;
            long fullTicks;
            try
            {
                (status, _, fullTicks) = await client.TimeGetAsync(path);
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or IOException)
            {
                (status, fullTicks) = (0, 0);
            }
            if (status != 200)
            {
                report.Fail($"{path} answered {(status == 0 ? "nothing" : status)}");
                if (status is 0 or >= 500) report.ServerErrors++;
                break;
            }
            if (i >= WarmUps) recorder.RecordElapsed(fullTicks);
        }
        return recorder.Summarize();
    }

    /// <summary>200,000 as "200k", 2,000,000 as "2M": the size in each row's name.</summary>
    public static string Short(int size) => size switch
    {
        >= 1_000_000 when size % 1_000_000 == 0 => $"{size / 1_000_000}M",
        >= 1_000 when size % 1_000 == 0 => $"{size / 1_000}k",
        _ => size.ToString("N0", CultureInfo.InvariantCulture),
    };
}
