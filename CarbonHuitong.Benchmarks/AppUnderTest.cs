using System.Diagnostics;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Web.Hardening;
using Microsoft.Extensions.Configuration;
using CarbonHuitong.Core.Persistence.Secrets;

namespace CarbonHuitong.Benchmarks;

/// <summary>
/// The real web app in its own process, as it is deployed: Production settings, Kestrel on a free loopback port,
/// the given store. Its own process so that the load generator does not share its thread pool and garbage
/// collector, and so that it can be killed with SIGKILL.
/// </summary>
public sealed partial class AppUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly List<string> _output = [];
    private bool _disposed;

    private AppUnderTest(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public int ProcessId => _process.Id;

    /// <summary>CPU time the app has used so far, all cores together.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// The load is one client address, one validator key and a few citizens doing what thousands of people would; the
    /// limits those hit are raised through settings, as an operator would for a trusted load test. The failure limits
    /// (wrong passwords, guessed keys) stay as shipped: the benchmark makes no failures. Five partners sending batches
    /// of 500 need about 8 calls a second each at the ingest target, under the shipped 50; the limit is raised anyway
    /// so that a faster machine or smaller batches measure the feed, not the limiter.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RaisedRateLimits = new Dictionary<string, string>
    {
        [$"{RateLimitOptions.Section}:{nameof(RateLimitOptions.SignInPerAddress)}:{nameof(WindowLimit.PermitLimit)}"] = "1000000",
        [$"{RateLimitOptions.Section}:{nameof(RateLimitOptions.ScansPerTerminal)}:{nameof(WindowLimit.PermitLimit)}"] = "1000000",
        [$"{RateLimitOptions.Section}:{nameof(RateLimitOptions.PartnerCallsPerPartner)}:{nameof(WindowLimit.PermitLimit)}"] = "1000000",
        [$"{RateLimitOptions.Section}:{nameof(RateLimitOptions.CitizenCallsPerUser)}:{nameof(WindowLimit.PermitLimit)}"] = "1000000",
    };

    /// <summary>Every limit the app runs with under the benchmark, shipped or raised, for the report.</summary>
    public static string RateLimitsInEffect()
    {
        var limits = new RateLimitOptions();
        new ConfigurationBuilder().AddInMemoryCollection(RaisedRateLimits!).Build().GetSection(RateLimitOptions.Section).Bind(limits);
        return string.Join(", ", limits.All.Select(l => $"{l.Name} {l.Limit}"));
    }

    /// <summary>The app on the world's store and key file, so it reads the keys the world made.</summary>
    public static Task<AppUnderTest> StartAsync(BenchmarkWorld world, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(world.Store, world.KeyFile, settings);

    public static async Task<AppUnderTest> StartAsync(StoreSettings store, string keyFile, IReadOnlyDictionary<string, string>? settings = null)
    {
        var appPath = Path.Combine(AppContext.BaseDirectory, "CarbonHuitong.Web.dll");
        if (!File.Exists(appPath)) throw new FileNotFoundException("The web app is not built beside the benchmark.", appPath);

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(appPath);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var arguments = new Dictionary<string, string>
        {
            // Loopback only, on a port the OS picks; the app logs the address it got.
            ["urls"] = "http://127.0.0.1:0",
            ["Database:Provider"] = store.Provider.ToString(),
            ["ConnectionStrings:CarbonHuitong"] = store.ConnectionString,
            // Outside the repository and beside nothing else: the default would be under the app's content root.
            [KeyRingSettings.KeyFileSetting] = keyFile,
            ["Demo:Seed"] = "false",
            // Plain HTTP on loopback (no certificate): no HTTPS redirect, and cookies the client sends back over HTTP.
            [CarbonHuitong.Web.Hardening.TransportSecurity.RequiredSetting] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in RaisedRateLimits) arguments[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) arguments[key] = value;
        foreach (var (key, value) in arguments) start.ArgumentList.Add($"--{key}={value}");

        var process = Process.Start(start) ?? throw new InvalidOperationException("The web app did not start.");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new AppUnderTest(process);
        // A benchmark stopped with Ctrl+C must not leave the app running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.KillQuietly();
        Console.CancelKeyPress += (_, _) => app.KillQuietly();
        process.OutputDataReceived += (_, line) => app.Observe(line.Data, listening);
        process.ErrorDataReceived += (_, line) => app.Observe(line.Data, listening);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException(
            $"The web app exited with code {process.ExitCode} before listening:{Environment.NewLine}{app.Output}"));

        try
        {
            app.BaseAddress = await listening.Task.WaitAsync(StartTimeout);
            return app;
        }
        catch
        {
            await app.KillAsync();
            throw;
        }
    }

    public string Output
    {
        get
        {
            lock (_output) return string.Join(Environment.NewLine, _output.TakeLast(40));
        }
    }

    private void Observe(string? line, TaskCompletionSource<Uri> listening)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        if (ListeningLine().Match(line) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
    }

    /// <summary>SIGKILL on Linux: no shutdown hooks, no flushing, the process is simply gone.</summary>
    public async Task KillAsync()
    {
        if (_disposed || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void KillQuietly()
    {
        try
        {
            if (!_disposed && !_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await KillAsync();
        _disposed = true;
        _process.Dispose();
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath)) return hostPath;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "dotnet")))
            return Path.Combine(root, "dotnet");
        return "dotnet";
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
