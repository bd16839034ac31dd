using System.Collections.Concurrent;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Tests.Persistence;

/// <summary>A twin refused by a unique index is answered on purpose; it must not fill the server's log with errors.</summary>
public sealed class FailedWriteLoggingTests
{
    [Fact]
    public async Task A_write_refused_by_a_unique_index_still_fails_but_is_not_logged_as_an_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logged = new LogRecorder();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logged));
        var options = new DbContextOptionsBuilder<CarbonDbContext>();
        Core.DependencyInjection.ConfigureSqlite(options, database.ConnectionString).UseLoggerFactory(loggers);
        await using var db = new CarbonDbContext(options.Options);

        db.GreenBehaviours.Add(Methodology.Published().First());

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains(logged.Entries, e => e.Category.StartsWith("Microsoft.EntityFrameworkCore") && e.Level == LogLevel.Debug && e.Message.Contains("UNIQUE"));
        Assert.DoesNotContain(logged.Entries, e => e.Level >= LogLevel.Warning);
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message);

    private sealed class LogRecorder : ILoggerProvider
    {
        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception) + exception));
        }
    }
}
