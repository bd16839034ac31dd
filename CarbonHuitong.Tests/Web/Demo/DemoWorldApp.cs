using System.Collections.Concurrent;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Tests.Web.Demo;

/// <summary>
/// The real app as <c>dotnet run</c> starts it, in Development with its appsettings.Development.json, on a test store
/// and key file the caller owns: starting it seeds the demo world into an empty database.
/// </summary>
public sealed class DemoWorldApp(TestStore store, TestKeyFile keyFile) : WebApplicationFactory<Program>
{
    public TestStore Store => store;

    /// <summary>Settings on top of the shipped ones and Development's (set before the app starts).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public LogRecorder Logs { get; } = new();

    /// <summary>Starts the app (and so seeds it) if it has not started yet.</summary>
    public void Start() => _ = Services;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting(WebSetup.ProviderSetting, store.Provider.ToString());
        builder.UseSetting($"ConnectionStrings:{WebSetup.ConnectionStringName}", store.ConnectionString);
        builder.UseSetting(KeyRingSettings.KeyFileSetting, keyFile.FilePath);
        builder.UseSetting(CarbonHuitong.Web.Hardening.TransportSecurity.RequiredSetting, "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider);
    }

    public async Task<T> InDatabaseAsync<T>(Func<CarbonDbContext, Task<T>> read)
    {
        await using var db = store.CreateContext();
        return await read(db);
    }
}

public sealed record LogEntry(string Category, LogLevel Level, string Message);

/// <summary>What the app logged, to read after it started.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IEnumerable<LogEntry> At(LogLevel level) => Entries.Where(e => e.Level == level);

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Entries);

    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception) + exception));
    }
}
