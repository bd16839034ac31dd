using Microsoft.Playwright;

namespace CarbonHuitong.Tests.Browser;

/// <summary>
/// One Chromium for the browser tests: Debian's (<c>/usr/bin/chromium</c>, or <c>CHROMIUM_PATH</c>), driven by Playwright.
/// Without a browser the tests are skipped with the reason, except under CI=true, where they must run.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public static readonly string ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
    public static readonly bool InCi = Support.TestEnvironment.InCi;

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }
    public BrowserApp App { get; private set; } = default!;
    public string? MissingReason { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            MissingReason = $"No Chromium at {ExecutablePath} (install Debian's chromium, or set CHROMIUM_PATH).";
            if (InCi) throw new InvalidOperationException($"CI=true: browser tests must run. {MissingReason}");
            return;
        }
        App = new BrowserApp();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // This machine's network is closed: without these, Chromium keeps trying to reach its own services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "Browser";
}
