using System.Globalization;
using CarbonHuitong.Benchmarks.Scenarios;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;

namespace CarbonHuitong.Benchmarks;

/// <summary>The command line: a scenario, then <c>--name value</c> options; <c>--quick</c> sets the small preset first.</summary>
public sealed record BenchmarkOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project CarbonHuitong.Benchmarks -- <scenario> [options]
        scenarios: scan | redeem | ledger | crash | ingest | expire | government | all
          --quick                  small counts: `all` finishes in under 2 minutes on 2 cores
          --citizens N             scan: citizens with ride codes; ingest: linked citizens; expire: accounts that ride (default 10000)
          --concurrency N          scan, expire: scans in flight (default 16)
          --duration S             scan: seconds of load; expire: seconds of scans measured before the job (default 20)
          --warm-up S              scan, ingest, expire: seconds of load before measuring (default 10)
          --max-requests N         scan: stop after this many requests (default 200000)
          --retry-percent P        scan: share of scans sent again with the same scanId (default 5)
          --replay-percent P       scan: share of scans that replay a used ride code (default 2)
          --coupon-percent P       scan: share of citizens holding a bus coupon (default 10)
          --redemptions N          redeem: redemptions fired at once (default 1000)
          --redeem-concurrency N   redeem: requests in flight (default 64)
          --entries N              ledger: entries in the big account (default 100000)
          --samples N              ledger: timed requests per address (default 20)
          --batches N              ingest: signed batches sent after the warm-up (default 600)
          --batch-size N           ingest: events per batch (default 500; the API takes at most 1000)
          --ingest-concurrency N   ingest: batches in flight (default 4)
          --accounts N             expire: accounts with credits from two years (default 1000000)
          --batch N                expire: accounts per write transaction of the job (default 500, as Expiry:BatchSize)
          --kill-after N           crash: scans answered before kill -9 (default 500; a tenth as many redemptions too)
          --government-sizes N,N   government: earns in each world, one world per size (default 200000,2000000)
          --government-samples N   government: timed requests per dashboard request and size (default 50)
          --entries-per-citizen N  government: earns per citizen on average, which sets the citizens (default 40)
          --provider P             sqlite (default: a fresh file in a temp folder) or postgres
          --connection CS          postgres: the server on loopback, e.g. "Host=127.0.0.1;Username=postgres;Password=..."
          --out DIR                where the JSON results go (default ./benchmark-results)
          --keep                   keep the database folder for a look afterwards
        """;

    public string Scenario { get; init; } = "";
    public int Citizens { get; init; } = 10_000;
    public int Concurrency { get; init; } = 16;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxRequests { get; init; } = 200_000;
    public int RetryPercent { get; init; } = 5;
    public int ReplayPercent { get; init; } = 2;
    public int CouponPercent { get; init; } = 10;
    public int Redemptions { get; init; } = 1_000;
    public int RedeemConcurrency { get; init; } = 64;
    public int LedgerEntries { get; init; } = 100_000;
    public int LedgerSamples { get; init; } = 20;
    public int IngestBatches { get; init; } = 600;
    public int BatchSize { get; init; } = 500;
    public int IngestConcurrency { get; init; } = 4;
    public int Accounts { get; init; } = 1_000_000;
    public int ExpiryBatch { get; init; } = new ExpiryOptions().BatchSize;
    public IReadOnlyList<int> GovernmentSizes { get; init; } = [200_000, 2_000_000];
    public int GovernmentSamples { get; init; } = 50;
    public int EntriesPerCitizen { get; init; } = 40;
    /// <summary>
    /// The crash comes after this many answered scans (and a tenth as many redemptions), not after a time, so on a
    /// loaded machine it still falls mid-storm rather than before the first answer.
    /// </summary>
    public int KillAfterAnswers { get; init; } = 500;
    public string OutputFolder { get; init; } = "benchmark-results";
    public StoreProvider Provider { get; init; } = StoreProvider.Sqlite;
    public string? PostgresConnection { get; init; }
    public bool KeepDatabase { get; init; }

    public static BenchmarkOptions Quick(string scenario) => new()
    {
        Scenario = scenario,
        Citizens = 2_000,
        Duration = TimeSpan.FromSeconds(10),
        WarmUp = TimeSpan.FromSeconds(5),
        Redemptions = 1_000,
        LedgerEntries = 100_000,
        LedgerSamples = 10,
        KillAfterAnswers = 300,
        IngestBatches = 200,
        Accounts = 20_000,
        GovernmentSizes = [20_000, 60_000],
        GovernmentSamples = 30,
    };

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-')) throw new ArgumentException("Name a scenario.");
        var scenario = args[0].ToLowerInvariant();
        if (scenario is not ("scan" or "redeem" or "ledger" or "crash" or "ingest" or "expire" or "government" or "all"))
            throw new ArgumentException($"There is no scenario '{args[0]}'.");

        var options = args.Contains("--quick") ? Quick(scenario) : new BenchmarkOptions { Scenario = scenario };
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--quick") continue;
            if (name == "--keep")
            {
                options = options with { KeepDatabase = true };
                continue;
            }
            if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.");
            var value = args[++i];
            options = name switch
            {
                "--citizens" => options with { Citizens = Positive(name, value) },
                "--concurrency" => options with { Concurrency = Positive(name, value) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(name, value)) },
                "--warm-up" => options with { WarmUp = TimeSpan.FromSeconds(Positive(name, value)) },
                "--max-requests" => options with { MaxRequests = Positive(name, value) },
                "--retry-percent" => options with { RetryPercent = Percent(name, value) },
                "--replay-percent" => options with { ReplayPercent = Percent(name, value) },
                "--coupon-percent" => options with { CouponPercent = Percent(name, value) },
                "--redemptions" => options with { Redemptions = Positive(name, value) },
                "--redeem-concurrency" => options with { RedeemConcurrency = Positive(name, value) },
                "--entries" => options with { LedgerEntries = Positive(name, value) },
                "--samples" => options with { LedgerSamples = Positive(name, value) },
                "--kill-after" => options with { KillAfterAnswers = Positive(name, value) },
                "--batches" => options with { IngestBatches = Positive(name, value) },
                "--batch-size" => options with { BatchSize = AtMost(name, value, PartnerFeed.MaxEventsPerCall) },
                "--ingest-concurrency" => options with { IngestConcurrency = Positive(name, value) },
                "--accounts" => options with { Accounts = Positive(name, value) },
                "--batch" => options with { ExpiryBatch = AtMost(name, value, ExpiryOptions.MaxBatchSize) },
                "--government-sizes" => options with { GovernmentSizes = Sizes(name, value) },
                "--government-samples" => options with { GovernmentSamples = Positive(name, value) },
                "--entries-per-citizen" => options with { EntriesPerCitizen = Positive(name, value) },
                "--out" => options with { OutputFolder = value },
                "--provider" => options with { Provider = ProviderNamed(value) },
                "--connection" => options with { PostgresConnection = value },
                _ => throw new ArgumentException($"There is no option {name}."),
            };
        }
        if (scenario == "ingest" && options.Citizens < PartnerIngest.LeastCitizens)
            throw new ArgumentException($"ingest needs --citizens of at least {PartnerIngest.LeastCitizens}.");
        if (scenario == "expire" && options.Accounts < YearEndExpiry.LeastAccounts)
            throw new ArgumentException($"expire needs --accounts of at least {YearEndExpiry.LeastAccounts}, one of each kind of saver.");
        if (scenario == "government" && options.GovernmentSizes.Any(size => size < GovernmentDashboard.LeastEntries))
            throw new ArgumentException($"government needs sizes of at least {GovernmentDashboard.LeastEntries:N0} earns.");
        if (options.Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(options.PostgresConnection))
            throw new ArgumentException("--provider postgres needs --connection with the server's connection string.");
        return options;
    }

    private static StoreProvider ProviderNamed(string value)
    {
        try
        {
            return StoreSettings.ParseProvider(value);
        }
        catch (StoreConfigurationException)
        {
            throw new ArgumentException($"--provider takes sqlite or postgres, not '{value}'.");
        }
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} takes a whole number above zero, not '{value}'.");

    private static IReadOnlyList<int> Sizes(string name, string value) =>
        value.Split(',') is { Length: > 0 } parts && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            ? parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList()
            : throw new ArgumentException($"{name} takes whole numbers above zero separated by commas, not '{value}'.");

    private static int AtMost(string name, string value, int most) =>
        Positive(name, value) is var number && number <= most ? number : throw new ArgumentException($"{name} takes at most {most.ToString("#,0", CultureInfo.InvariantCulture)}, not '{value}'.");

    private static int Percent(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= 100
            ? number
            : throw new ArgumentException($"{name} takes a percentage from 0 to 100, not '{value}'.");
}
