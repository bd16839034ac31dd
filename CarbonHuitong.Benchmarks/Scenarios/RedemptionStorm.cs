using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// A flash sale: many citizens redeem at once; a few have credits for only a few coupons and keep trying; the last
/// units of a scarce item are raced for; and some clicks arrive twice with the same request id. Nobody may end up
/// with more coupons than credits or stock allow, and a repeated click gets the same coupon.
/// </summary>
public static class RedemptionStorm
{
    private const decimal Price = 20m;
    private const int PoorCitizensCoupons = 3;
    private const int PoorCitizenAttempts = 10;
    private const int WarmUpsPerCitizen = 2;

    private const string WarmUpPrefix = "warm-up-";

    private enum Group { Plenty, Poor, Scarce }

    private sealed record Attempt(string Token, long AccountId, long ItemId, string RequestId, Group Group);

    public static async Task<ScenarioReport> RunAsync(BenchmarkOptions options, TextWriter log)
    {
        var report = new ScenarioReport("redeem");
        var total = options.Redemptions;
        var poorCount = Math.Max(2, total / 100);
        var scarceStock = Math.Max(5, total / 50);
        var scarceAttempts = Math.Max(scarceStock * 5, total / 10);
        var plentyAttempts = Math.Max(0, total - poorCount * PoorCitizenAttempts - scarceAttempts);
        var richCount = Math.Max(1, total / 5);

        await using var world = await BenchmarkWorld.CreateAsync(options);
        log.WriteLine($"redeem: {richCount} citizens with plenty, {poorCount} with credits for {PoorCitizensCoupons} coupons, " +
            $"{scarceStock} units of a scarce item ({world.Folder})");
        var rich = await world.AddCitizensAsync(richCount, "shopper", canSignIn: true);
        var poor = await world.AddCitizensAsync(poorCount, "saver", canSignIn: true);
        await world.GrantCreditsAsync(rich, Price * (10 + WarmUpsPerCitizen));
        await world.GrantCreditsAsync(poor, Price * PoorCitizensCoupons);
        var plentyItem = await world.ListBusCouponAsync("¥2 bus coupon", Price, total * 2);
        var scarceItem = await world.ListBusCouponAsync("¥2 bus coupon, last units", Price, scarceStock);

        await using var app = await AppUnderTest.StartAsync(world);
        using var client = new BenchClient(app.BaseAddress, options.RedeemConcurrency);
        var tokens = new ConcurrentDictionary<long, string>();
        await Parallel.ForEachAsync(rich.Concat(poor), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (citizen, _) =>
            tokens[citizen.AccountId] = (await client.SignInAsync(citizen.UserName, BenchmarkWorld.Password))!);

        // The JIT and EF's query cache settle on a first round that is not measured, as on a server that has been up a while.
        log.WriteLine($"redeem: warming up with {rich.Count * WarmUpsPerCitizen} redemptions");
        await Parallel.ForEachAsync(rich.SelectMany(c => Enumerable.Repeat(c, WarmUpsPerCitizen)),
            new ParallelOptions { MaxDegreeOfParallelism = options.RedeemConcurrency },
            async (citizen, _) => await client.PostJsonAsync("/api/me/redemptions", new { itemId = plentyItem, requestId = WarmUpPrefix + Guid.NewGuid().ToString("N") },
                headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[citizen.AccountId])));

        var attempts = new List<Attempt>();
        for (var i = 0; i < plentyAttempts; i++) attempts.Add(NewAttempt(rich[i % rich.Count], plentyItem, Group.Plenty));
        foreach (var saver in poor)
            for (var i = 0; i < PoorCitizenAttempts; i++) attempts.Add(NewAttempt(saver, plentyItem, Group.Poor));
        for (var i = 0; i < scarceAttempts; i++) attempts.Add(NewAttempt(rich[(i * 7) % rich.Count], scarceItem, Group.Scarce));
        var random = new Random(8);
        var doubleClicks = attempts.Where(a => a.Group == Group.Plenty && random.Next(100) < options.RetryPercent).ToList();
        var fired = attempts.Concat(doubleClicks).OrderBy(_ => random.Next()).ToList();

        Attempt NewAttempt(BenchCitizen citizen, long itemId, Group group) =>
            new(tokens[citizen.AccountId], citizen.AccountId, itemId, "redeem-" + Guid.NewGuid().ToString("N"), group);

        log.WriteLine($"redeem: {fired.Count:N0} requests at once ({doubleClicks.Count} of them double clicks), {options.RedeemConcurrency} in flight");
        var latency = new LatencyRecorder();
        var outcomes = new OutcomeCounter();
        var results = new ConcurrentBag<(Attempt Attempt, Outcome Outcome)>();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(fired, new ParallelOptions { MaxDegreeOfParallelism = options.RedeemConcurrency }, async (attempt, _) =>
        {
            var outcome = await client.PostJsonAsync("/api/me/redemptions", new { itemId = attempt.ItemId, requestId = attempt.RequestId },
                headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", attempt.Token), latency);
            outcomes.Add(outcome.Label);
            results.Add((attempt, outcome));
        });
        var elapsed = Stopwatch.GetElapsedTime(started);

        var succeeded = results.Where(r => r.Outcome.Succeeded).ToList();
        var coupons = succeeded.Select(r => r.Outcome.Body!.Value.GetProperty("couponId").GetInt64()).Distinct().Count();
        report.Add("requests", fired.Count);
        report.Add("coupons issued", coupons);
        report.Add("seconds", elapsed.TotalSeconds.ToString("0.00"));
        report.Add("redemptions/s", Math.Round(coupons / elapsed.TotalSeconds));
        report.Latencies["redemptions"] = latency.Summarize();
        report.Refusals = outcomes.Snapshot().Where(o => !o.Key.StartsWith('2')).ToDictionary();
        report.ServerErrors = results.Count(r => r.Outcome.ServerError);

        Expect(report, "plenty: every redemption succeeds",
            results.Count(r => r.Attempt.Group == Group.Plenty && r.Outcome.Succeeded), plentyAttempts + doubleClicks.Count);
        Expect(report, "savers: exactly their credits' worth", results.Count(r => r.Attempt.Group == Group.Poor && r.Outcome.Succeeded),
            poorCount * PoorCitizensCoupons);
        Expect(report, "scarce item: exactly its stock", results.Count(r => r.Attempt.Group == Group.Scarce && r.Outcome.Succeeded), scarceStock);
        var doubleClickCoupons = succeeded.Where(r => r.Attempt.Group == Group.Plenty).GroupBy(r => r.Attempt.RequestId)
            .Count(g => g.Select(r => r.Outcome.Body!.Value.GetProperty("couponId").GetInt64()).Distinct().Count() > 1);
        if (doubleClickCoupons > 0) report.Fail($"{doubleClickCoupons} double clicks got two different coupons");

        var inDatabase = await world.QueryAsync(db => db.Coupons.CountAsync(c => !c.RequestId.StartsWith(WarmUpPrefix)));
        Expect(report, "coupons in the database", inDatabase, coupons);
        var overdrawn = await world.QueryAsync(db => db.CarbonAccounts.CountAsync(a => a.BalanceHundredths < 0));
        report.Add("overdrawn accounts", overdrawn);
        if (overdrawn > 0) report.Fail($"{overdrawn} accounts are overdrawn");

        var perSecond = coupons / elapsed.TotalSeconds;
        report.Target("≥ 1,000 redemptions/s", perSecond >= 1_000, $"{perSecond:0}/s");
        report.Target("zero overspend", overdrawn == 0 && report.Failures.Count == 0, report.Failures.Count == 0 ? "none" : "see failures");

        await app.DisposeAsync();
        report.Invariants = await world.CheckInvariantsAsync();
        return report;
    }

    private static void Expect(ScenarioReport report, string what, int actual, int expected)
    {
        report.Add(what, $"{actual} (expected {expected})");
        if (actual != expected) report.Fail($"{what}: {actual}, expected {expected}");
    }
}
