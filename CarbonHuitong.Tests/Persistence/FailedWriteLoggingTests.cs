using System.Collections.Concurrent;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Tests.Persistence;

/// <summary>
/// A twin refused by a unique index is answered on purpose; it must not fill the server's log with errors. A store
/// that could not answer in time is still logged, since its client only sees a 503.
/// </summary>
public sealed class FailedWriteLoggingTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_write_refused_by_a_unique_index_still_fails_but_is_not_logged_as_an_error()
    {
        await using var database = await TestDatabase.CreateAsync();
        var logged = new LogRecorder();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logged));
        await using var db = CreateContext(database, loggers);

        db.GreenBehaviours.Add(Methodology.Published().First());

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains(logged.Entries, e => e.Category.StartsWith("Microsoft.EntityFrameworkCore") && e.Level == LogLevel.Debug && e.Message.Contains("UNIQUE"));
        Assert.DoesNotContain(logged.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_read_refused_because_another_process_holds_the_file_is_logged_as_a_warning_with_its_cause()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var logged = new LogRecorder();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logged));
        await using var db = CreateContext(database, loggers);

        await using (await DatabaseLock.TakeWholeFileAsync(database))
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() => new LedgerQueries(db, _clock).GetSummaryAsync(citizen.AccountId));
            Assert.Equal(ErrorCodes.Unavailable, refusal.Code);
        }

        var warning = Assert.Single(logged.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("refused as unavailable", warning.Message);
        Assert.Contains("database is locked", warning.Message);
    }

    private static CarbonDbContext CreateContext(TestDatabase database, ILoggerFactory loggers)
    {
        var options = new DbContextOptionsBuilder<CarbonDbContext>();
        Core.DependencyInjection.ConfigureSqlite(options, database.ConnectionString, TimeSpan.FromSeconds(1)).UseLoggerFactory(loggers);
        return new CarbonDbContext(options.Options);
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
