using System.Text.Json;
using CarbonHuitong.Benchmarks.Scenarios;

namespace CarbonHuitong.Benchmarks;

/// <summary>Runs a scenario (or all of them), prints each table, writes the JSON, and says whether everything held.</summary>
public static class BenchmarkCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException wrong)
        {
            output.WriteLine(wrong.Message);
            output.WriteLine(BenchmarkOptions.Usage);
            return 2;
        }

        var reports = await RunAsync(options, output);
        return reports.All(r => r.Passed) ? 0 : 1;
    }

    public static async Task<IReadOnlyList<ScenarioReport>> RunAsync(BenchmarkOptions options, TextWriter output)
    {
        var scenarios = options.Scenario == "all" ? ["scan", "redeem", "ledger"] : new[] { options.Scenario };
        var reports = new List<ScenarioReport>();
        var rateLimits = AppUnderTest.RateLimitsInEffect();
        output.WriteLine($"rate limits the app runs with: {rateLimits}");
        foreach (var scenario in scenarios)
        {
            var report = scenario switch
            {
                "scan" => await ScanStorm.RunAsync(options, output),
                "redeem" => await RedemptionStorm.RunAsync(options, output),
                "ledger" => await BigLedger.RunAsync(options, output),
                "crash" => await CrashRecovery.RunAsync(options, output),
                "ingest" => await PartnerIngest.RunAsync(options, output),
                "expire" => await YearEndExpiry.RunAsync(options, output),
                "government" => await GovernmentDashboard.RunAsync(options, output),
                _ => throw new ArgumentOutOfRangeException(nameof(options), scenario, "Unknown scenario."),
            };
            report.Figures.Insert(0, ("store", options.Provider.ToString()));
            report.Figures.Add(("rate limits", rateLimits));
            output.WriteLine(report.ToTable());
            Write(report, options.OutputFolder, output);
            reports.Add(report);
        }
        return reports;
    }

    private static void Write(ScenarioReport report, string folder, TextWriter output)
    {
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, $"{report.Scenario}.json"));
        File.WriteAllText(path, JsonSerializer.Serialize(report.ToJson(), ScenarioReport.JsonOptions));
        output.WriteLine($"  figures written to {path}");
        output.WriteLine();
    }
}
