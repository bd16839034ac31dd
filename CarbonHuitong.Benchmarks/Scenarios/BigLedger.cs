using System.Diagnostics;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// A citizen with a very long ledger opens it: the signed-in ledger page, the account API and the history's first
/// and last page must stay quick however many entries there are, because every figure is a stored total or a page.
/// </summary>
public static class BigLedger
{
    private const int WarmUps = 3;
    private const int PageSize = 20;

    public static async Task<ScenarioReport> RunAsync(BenchmarkOptions options, TextWriter log)
    {
        var report = new ScenarioReport("ledger");
        await using var world = await BenchmarkWorld.CreateAsync(options);
        log.WriteLine($"ledger: one account with {options.LedgerEntries:N0} entries ({world.Folder})");
        var citizen = (await world.AddCitizensAsync(1, "commuter", canSignIn: true))[0];
        var seeding = Stopwatch.StartNew();
        await world.AddRideHistoryAsync(citizen.AccountId, options.LedgerEntries);
        log.WriteLine($"ledger: history written in {seeding.Elapsed.TotalSeconds:0.0} s");

        await using var app = await AppUnderTest.StartAsync(world);
        using var client = new BenchClient(app.BaseAddress, connections: 1, useCookies: true);
        await client.SignInAsync(citizen.UserName, BenchmarkWorld.Password, useCookies: true);

        var lastPage = (options.LedgerEntries + PageSize - 1) / PageSize;
        var addresses = new (string Name, string Path)[]
        {
            ("ledger page", "/ledger"),
            ("GET /api/me/account", "/api/me/account"),
            ("history first page", $"/api/me/ledger?page=1&pageSize={PageSize}"),
            ($"history last page ({lastPage:N0})", $"/api/me/ledger?page={lastPage}&pageSize={PageSize}"),
        };
        report.Add("entries", options.LedgerEntries.ToString("N0"));
        report.Add("samples per address", options.LedgerSamples);
        foreach (var (name, path) in addresses)
        {
            var firstByte = new List<long>();
            var full = new List<long>();
            for (var i = 0; i < WarmUps + options.LedgerSamples; i++)
            {
                var (status, firstByteTicks, fullTicks) = await client.TimeGetAsync(path);
                if (status != 200)
                {
                    report.Fail($"{path} answered {status}");
                    if (status >= 500) report.ServerErrors++;
                    break;
                }
                if (i < WarmUps) continue;
                firstByte.Add(firstByteTicks);
                full.Add(fullTicks);
            }
            report.Latencies[$"{name}: first byte"] = Summarize(firstByte);
            report.Latencies[$"{name}: full"] = Summarize(full);
        }

        var pageFirstByte = report.Latencies["ledger page: first byte"].P95Ms;
        report.Target("ledger page first response ≤ 150 ms (p95)", pageFirstByte <= 150, $"{pageFirstByte:0.0} ms");

        await app.DisposeAsync();
        report.Invariants = await world.CheckInvariantsAsync();
        return report;
    }

    private static LatencySummary Summarize(List<long> ticks)
    {
        var recorder = new LatencyRecorder();
        foreach (var t in ticks) recorder.RecordElapsed(t);
        return recorder.Summarize();
    }
}
