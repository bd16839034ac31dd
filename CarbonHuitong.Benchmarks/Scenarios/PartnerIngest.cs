using System.Diagnostics;
using System.Net.Http.Headers;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// Partner platforms report their users' green behaviour in signed batches: five partners, every citizen linked to
/// one of them through the consent workflow. Among the new events come resends, walking past its daily cap, bus rides
/// the validator already counted, and events for links revoked before and during the run; each answer is checked
/// against what its event calls for, and the ledger must count every act once.
/// </summary>
public static class PartnerIngest
{
    public const string TerminalId = "bench-validator-ingest";

    /// <summary>Ten a partner: enough for some to stay, one to revoke before the run and one during it.</summary>
    public const int LeastCitizens = 50;

    private sealed record PartnerRole(string Code, string NameZh, string NameEn, string BehaviourCode, decimal Quantity);

    /// <summary>
    /// One behaviour each, like the demo world's partners; a bus ride-code app, so that its rides meet the validator's.
    /// Quantities are one ordinary act: a ride, 2.4 km by bicycle, an order, 500 steps.
    /// </summary>
    private static readonly PartnerRole[] Roles =
    [
        new("bench-metro", "重庆轨道交通（压测）", "Chongqing Rail Transit (benchmark)", Methodology.MetroRide, 1m),
        new("bench-ride-code", "公交乘车码（压测）", "Bus ride-code app (benchmark)", Methodology.BusRide, 1m),
        new("bench-bike", "共享单车（压测）", "Bike share (benchmark)", Methodology.SharedBicycle, 2.4m),
        new("bench-takeaway", "外卖平台（压测）", "Takeaway platform (benchmark)", Methodology.TakeawayWithoutUtensils, 1m),
        new("bench-health", "健康步数（压测）", "Health app steps (benchmark)", Methodology.Walking, 0.5m),
    ];

    /// <summary>Citizens who revoke during the run sign in to do it, as the app's users do: a few per partner.</summary>
    private const int MostLeaversPerPartner = 4;

    private sealed record Leaver(BenchCitizen Citizen, string PartnerCode);

    public static async Task<ScenarioReport> RunAsync(BenchmarkOptions options, TextWriter log)
    {
        var report = new ScenarioReport("ingest");
        await using var world = await BenchmarkWorld.CreateAsync(options);
        log.WriteLine($"ingest: {options.Citizens:N0} citizens linked to {Roles.Length} partners ({world.Folder})");
        var setUp = Stopwatch.StartNew();
        var (feeds, leavers, riders) = await SetUpAsync(world, options.Citizens);
        log.WriteLine($"ingest: partners registered and citizens linked in {setUp.Elapsed.TotalSeconds:0.0} s");

        var mix = new IngestMix(feeds, options.BatchSize, PlatformTime.ChinaToday(world.Clock), await world.DailyCapOfAsync(Methodology.Walking));
        var warmUpBatches = options.IngestBatches / 2;
        if (mix.WalkingRoomFor(warmUpBatches + options.IngestBatches) is var (needed, room) && needed > room)
            throw new InvalidOperationException($"{needed:N0} walking events would not fit under the daily cap ({room:N0}): raise --citizens or lower --batches.");
        var (_, terminalKey) = await world.RegisterTerminalAsync(TerminalId);

        await using var app = await AppUnderTest.StartAsync(world);
        using var client = new BenchClient(app.BaseAddress, Math.Max(options.IngestConcurrency, options.Concurrency));
        var platforms = feeds.ToDictionary(f => f.Partner.Code, f => new PartnerPlatform(client, f.Partner));
        var tokens = new Dictionary<Leaver, string>();
        foreach (var leaver in leavers) tokens[leaver] = (await client.SignInAsync(leaver.Citizen.UserName, BenchmarkWorld.Password))!;

        var scans = mix.CountedElsewhereIn(options.IngestBatches);
        log.WriteLine($"ingest: the validator records {scans:N0} bus rides that the ride-code app will report again");
        var scansRefused = await ScanAsync(new Validator(client, terminalKey, world.RideCodes, riders.Keys.ToList()), riders, mix, scans, options.Concurrency);

        log.WriteLine($"ingest: warming up for {options.WarmUp.TotalSeconds:0} s (at most {warmUpBatches} batches)");
        var warmUp = new IngestLoad(mix, platforms, options.IngestConcurrency, warmUp: true);
        await warmUp.RunAsync(warmUpBatches, options.WarmUp);

        log.WriteLine($"ingest: {options.IngestBatches:N0} batches of {options.BatchSize} events, {options.IngestConcurrency} in flight; "
            + $"{leavers.Count} citizens revoke a link halfway");
        var revocations = new OutcomeCounter();
        var load = new IngestLoad(mix, platforms, options.IngestConcurrency, warmUp: false)
        {
            MidRunRevocation = () => RevokeAsync(client, tokens, revocations),
        };
        var (appCpu, benchCpu) = (app.CpuTime, Environment.CpuUsage.TotalTime);
        var elapsed = await load.RunAsync(options.IngestBatches);
        (appCpu, benchCpu) = (app.CpuTime - appCpu, Environment.CpuUsage.TotalTime - benchCpu);
        await app.DisposeAsync();

        Describe(report, options, load, elapsed, appCpu, benchCpu, feeds, leavers.Count, scans);
        await CheckTheLedgerAsync(report, world, warmUp, load);
        if (warmUp.Mismatches + warmUp.FailedBatches > 0)
            report.Fail($"warm-up: {warmUp.FailedBatches} batches failed, {warmUp.Mismatches} events answered wrongly: {string.Join("; ", warmUp.MismatchSamples)}");
        if (scansRefused > 0) report.Fail($"{scansRefused} of the validator's {scans} scans were not accepted");
        if (revocations.Snapshot().Where(r => !r.Key.StartsWith('2')).Sum(r => r.Value) is > 0 and var refused)
            report.Fail($"{refused} of {leavers.Count} revocations during the run were not accepted: {string.Join(", ", revocations.Snapshot())}");
        var latency = report.Latencies["batches"];
        log.WriteLine($"ingest: {load.Accepted / elapsed.TotalSeconds:0} accepted events/s; batch p50 {latency.P50Ms:0} ms, p95 {latency.P95Ms:0} ms, "
            + $"p99 {latency.P99Ms:0} ms, max {latency.MaxMs:0} ms; {load.ServerErrors} server errors; checking the invariants");
        var checking = Stopwatch.StartNew();
        report.Invariants = await world.CheckInvariantsAsync();
        log.WriteLine($"ingest: invariants checked in {checking.Elapsed.TotalSeconds:0.0} s");
        return report;
    }

    /// <summary>
    /// Partners registered by a mall administrator; citizen <c>i</c> linked to partner <c>i mod 5</c> through a link
    /// code; of each partner's citizens, 1 % revoke before the run and a few (who can sign in) during it.
    /// </summary>
    private static async Task<(List<PartnerFeedPlan> Feeds, List<Leaver> Leavers, Dictionary<BenchCitizen, string> Riders)> SetUpAsync(
        BenchmarkWorld world, int citizenCount)
    {
        var perPartner = citizenCount / Roles.Length;
        var leaversEach = Math.Clamp(perPartner / 100, 1, MostLeaversPerPartner);
        var revokedEach = Math.Max(1, perPartner / 100);
        var linked = await world.AddCitizensAsync(citizenCount - leaversEach * Roles.Length, "linked");
        var leaving = await world.AddCitizensAsync(leaversEach * Roles.Length, "leaver", canSignIn: true);
        var feeds = new List<PartnerFeedPlan>();
        var leavers = new List<Leaver>();
        var riders = new Dictionary<BenchCitizen, string>();
        for (var p = 0; p < Roles.Length; p++)
        {
            var role = Roles[p];
            var partner = await world.RegisterPartnerAsync(role.Code, role.NameZh, role.NameEn, role.BehaviourCode);
            var mine = linked.Where((_, i) => i % Roles.Length == p).Concat(leaving.Skip(p * leaversEach).Take(leaversEach))
                .Select((citizen, j) => (Citizen: citizen, PartnerUserId: $"u{j:D6}")).ToList();
            await world.LinkAsync(partner, mine);
            var (revoked, staying, midRun) = (mine.Take(revokedEach).ToList(), mine.Skip(revokedEach).SkipLast(leaversEach).ToList(), mine.TakeLast(leaversEach).ToList());
            await world.RevokeLinksAsync(partner, revoked.Select(r => r.Citizen));
            feeds.Add(new PartnerFeedPlan(partner, role.BehaviourCode, role.Quantity, staying.Select(u => u.PartnerUserId).ToList(),
                revoked.Select(u => u.PartnerUserId).ToList(), midRun.Select(u => u.PartnerUserId).ToList()));
            leavers.AddRange(midRun.Select(u => new Leaver(u.Citizen, partner.Code)));
            if (role.BehaviourCode == Methodology.BusRide)
                foreach (var (citizen, userId) in staying) riders[citizen] = userId;
        }
        return (feeds, leavers, riders);
    }

    /// <summary>Scans at the validator, as in the scan scenario; each answered ride is reported again by the ride-code app later.</summary>
    private static async Task<int> ScanAsync(Validator validator, Dictionary<BenchCitizen, string> riders, IngestMix mix, int count, int concurrency)
    {
        var riderList = riders.Keys.ToList();
        var refused = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (n, _) =>
        {
            var rider = riderList[n % riderList.Count];
            var scan = validator.NewScan(rider.AccountId);
            var ride = await validator.SendAsync(scan);
            if (ride.Succeeded) mix.AddScan(riders[rider], scan.ScannedAt);
            else Interlocked.Increment(ref refused);
        });
        return refused;
    }

    /// <summary>The citizens withdraw consent from the app, as "My scenarios" does: <c>DELETE /api/me/partner-links/{partnerCode}</c>.</summary>
    private static async Task RevokeAsync(BenchClient client, Dictionary<Leaver, string> tokens, OutcomeCounter outcomes)
    {
        foreach (var (leaver, token) in tokens)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/me/partner-links/{leaver.PartnerCode}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            outcomes.Add((await client.SendAsync(request)).Label);
        }
    }

    private static void Describe(ScenarioReport report, BenchmarkOptions options, IngestLoad load, TimeSpan elapsed, TimeSpan appCpu, TimeSpan benchCpu,
        List<PartnerFeedPlan> feeds, int leavers, int scans)
    {
        var kinds = load.EventKinds.Snapshot();
        report.Add("partners", feeds.Count);
        report.Add("linked citizens", options.Citizens.ToString("N0"));
        report.Add("links revoked before the run", feeds.Sum(f => f.RevokedBefore.Count));
        report.Add("links revoked during the run", leavers);
        report.Add("validator scans before the run", scans);
        report.Add("batch size", options.BatchSize);
        report.Add("batches in flight", options.IngestConcurrency);
        report.Add("batches", load.Batches);
        report.Add("events sent", load.Events.ToString("N0"));
        foreach (var kind in Enum.GetValues<IngestEventKind>()) report.Add($"  of them {kind}", kinds.GetValueOrDefault(kind.ToString()));
        report.Add("seconds", elapsed.TotalSeconds.ToString("0.0"));
        report.Add("accepted events", load.Accepted.ToString("N0"));
        report.Add("accepted events/s", Math.Round(load.Accepted / elapsed.TotalSeconds));
        report.Add("events answered/s", Math.Round(load.Answered / elapsed.TotalSeconds));
        report.Add("app CPU per batch (ms)", (appCpu.TotalMilliseconds / Math.Max(1, load.Batches)).ToString("0.0"));
        report.Add("load generator CPU per batch (ms)", (benchCpu.TotalMilliseconds / Math.Max(1, load.Batches)).ToString("0.0"));
        report.Latencies["batches"] = load.Latency.Summarize();
        report.Outcomes = load.EventOutcomes.Snapshot();
        report.Refusals = load.BatchOutcomes.Snapshot().Where(o => !o.Key.StartsWith('2')).ToDictionary();
        report.ServerErrors = load.ServerErrors;

        if (load.FailedBatches > 0) report.Fail($"{load.FailedBatches} batches were not answered event by event");
        if (load.Mismatches > 0) report.Fail($"{load.Mismatches} events were answered otherwise than their kind calls for: {string.Join("; ", load.MismatchSamples)}");
        var perSecond = load.Accepted / elapsed.TotalSeconds;
        var p99 = report.Latencies["batches"].P99Ms;
        report.Target("≥ 20,000 accepted events/s", perSecond >= 20_000, $"{perSecond:0}/s");
        report.Target("batch p99 ≤ 250 ms", p99 <= 250, $"{p99:0.0} ms");
    }

    /// <summary>What the answers said, held against the ledger and the partner tables in the database.</summary>
    private static async Task CheckTheLedgerAsync(ScenarioReport report, BenchmarkWorld world, IngestLoad warmUp, IngestLoad load)
    {
        var accepted = warmUp.Accepted + load.Accepted;
        var partnerEarns = await world.QueryAsync(db => db.LedgerEntries.LongCountAsync(e => e.Source!.StartsWith(Partner.LedgerSourcePrefix)));
        report.Add("partner earns in the ledger", partnerEarns.ToString("N0"));
        if (partnerEarns != accepted) report.Fail($"{accepted:N0} events were answered accepted, but the ledger holds {partnerEarns:N0} partner earns");

        var rideCode = Partner.SourceOf(Roles.Single(r => r.BehaviourCode == Methodology.BusRide).Code);
        var laterReports = await world.QueryAsync(db => db.DuplicateReports.LongCountAsync(r => r.Source == rideCode));
        var countedElsewhere = load.EventOutcomes["refused/" + PartnerEventCodes.CountedElsewhere];
        report.Add("rides reported again by the ride-code app", laterReports);
        if (laterReports != countedElsewhere)
            report.Fail($"{countedElsewhere} events were answered counted_elsewhere, but {laterReports} later reports are kept");

        var afterRevocation = await world.QueryAsync(db => (
            from e in db.PartnerEvents
            join l in db.PartnerLinks on new { e.PartnerCode, e.PartnerUserId } equals new { l.PartnerCode, l.PartnerUserId }
            where l.RevokedAt != null && e.Status == PartnerEventStatus.Accepted && e.ReceivedAt >= l.RevokedAt
            select e.Id).LongCountAsync());
        if (afterRevocation > 0) report.Fail($"{afterRevocation} events were accepted after their link was revoked");
    }
}
