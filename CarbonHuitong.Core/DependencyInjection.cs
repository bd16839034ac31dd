using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Reports;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Core;

public static class DependencyInjection
{
    /// <param name="connectionString">An absolute SQLite connection string (see <see cref="SqliteStore.ResolveConnectionString"/>).</param>
    /// <param name="busyTimeout">How long to wait for another connection's lock before refusing with <c>unavailable</c>;
    /// whole seconds, <see cref="SqliteStore.DefaultBusyTimeout"/> when null.</param>
    public static IServiceCollection AddCarbonHuitongCore(this IServiceCollection services, string connectionString, TimeSpan? busyTimeout = null) =>
        services.AddCarbonHuitongCore(new StoreSettings(StoreProvider.Sqlite, connectionString, busyTimeout));

    public static IServiceCollection AddCarbonHuitongCore(this IServiceCollection services, StoreSettings store)
    {
        var timeout = SqliteStore.BusyTimeoutOrDefault(store.BusyTimeout);
        services.TryAddSingleton(TimeProvider.System);
        // Pooled: a scan is a handful of short statements, and building a context per request was a visible share of it.
        if (store.Provider == StoreProvider.Postgres)
            services.AddDbContextPool<CarbonDbContext, PostgresCarbonDbContext>(options => ConfigurePostgres(options, store.ConnectionString, timeout));
        else
            services.AddDbContextPool<CarbonDbContext>(options => ConfigureSqlite(options, store.ConnectionString, timeout));
        services.AddSingleton<ReferenceDataCache>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<LedgerService>();
        services.AddScoped<AdjustmentService>();
        services.AddScoped<PendingCredits>();
        services.AddScoped<CreditExpiry>();
        services.AddOptions<ExpiryOptions>();
        services.AddScoped<Behaviours.Partners.PartnerSettlements>();
        services.AddOptions<Lifecycle.LifecycleOptions>();
        services.AddScoped<Lifecycle.CreditLifecycle>();
        // The lifecycle job's steps, in the order they run: settle, then expire, then tell (notifications add theirs after).
        services.AddScoped<Lifecycle.ILifecycleStep, Lifecycle.ConfirmOverduePendingStep>();
        services.AddScoped<Lifecycle.ILifecycleStep, Lifecycle.ExpireCreditsStep>();
        services.AddScoped<Lifecycle.ILifecycleStep, Notifications.MakeNotificationsStep>();
        services.AddScoped<Lifecycle.ILifecycleStep, Notifications.DeliverNotificationsStep>();
        services.AddScoped<Lifecycle.ILifecycleStep, Government.CountActiveCitizensStep>();
        services.AddOptions<Notifications.NotificationOptions>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Notifications.NotificationOptions>, Notifications.NotificationOptionsValidation>();
        services.AddScoped<Notifications.NotificationProducer>();
        services.AddScoped<Notifications.NotificationDelivery>();
        services.AddScoped<Notifications.NotificationCenter>();
        // The operator's SMS, push or mail sender, registered after this, replaces the one that only logs.
        services.TryAddScoped<Notifications.INotificationSender, Notifications.LoggingNotificationSender>();
        services.AddScoped<LedgerQueries>();
        services.AddScoped<TermsConsents>();
        services.AddScoped<CitizenRegistration>();
        // The operator's mail or SMS sender for account messages (password reset), registered after this, replaces the one that only logs.
        services.TryAddScoped<IAccountMessageSender, LoggingAccountMessageSender>();
        services.AddOptions<EarningOptions>()
            .Validate(o => o.ClaimWindowDays is >= 1 and <= 3650, $"{EarningOptions.Section}:{nameof(EarningOptions.ClaimWindowDays)} must be 1 to 3650 days.");
        services.AddScoped<EarningService>();
        services.AddScoped<Behaviours.Partners.PartnerService>();
        services.AddScoped<Behaviours.Partners.PartnerSignatures>();
        services.AddScoped<Behaviours.Partners.PartnerLinks>();
        services.AddScoped<Behaviours.Partners.PartnerFeed>();
        services.AddScoped<Behaviours.Partners.PartnerQueries>();
        services.AddScoped<Privacy.IRetentionStep, Behaviours.Partners.PartnerEventRetention>();
        services.AddScoped<RedemptionService>();
        services.AddScoped<MallQueries>();
        services.AddSingleton<RideCodeKeyring>();
        services.AddSingleton<RideCodes>();
        services.AddScoped<ScanService>();
        services.AddScoped<TerminalService>();
        services.AddScoped<AuditLog>();
        services.AddScoped<ProjectService>();
        services.AddScoped<CouponBatchService>();
        services.AddScoped<MethodologyService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<RefreshTokenRotation>();
        services.AddScoped<ReportQueries>();
        services.AddScoped<Government.ClosedLoopReport>();
        services.AddScoped<Integrity.InvariantChecker>();
        services.AddScoped<Privacy.PersonalDataExport>();
        services.AddScoped<Privacy.AccountClosureService>();
        services.AddScoped<Privacy.RetentionService>();
        services.AddOptions<Privacy.RetentionOptions>();
        services.AddScoped<Claims.ClaimService>();
        services.AddScoped<Claims.AccountFreezes>();
        services.AddScoped<Claims.CorrectionQueries>();
        services.AddScoped<Government.CitizenDistricts>();
        services.AddScoped<Government.ActiveCitizenCounts>();
        services.AddScoped<Government.RegionalStatistics>();
        services.AddOptions<Government.GovernmentOptions>();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Government.GovernmentOptions>, Government.GovernmentOptionsValidation>();
        return services;
    }

    /// <summary>
    /// PostgreSQL waits for a row lock at most the busy timeout (lock_timeout), statements give up at the same moment,
    /// and what still finds the rows locked is refused as unavailable, as on SQLite.
    /// </summary>
    public static DbContextOptionsBuilder ConfigurePostgres(DbContextOptionsBuilder options, string connectionString, TimeSpan? busyTimeout = null)
    {
        var timeout = SqliteStore.BusyTimeoutOrDefault(busyTimeout);
        return options.UseNpgsql(StoreSettings.ForPostgres(connectionString, timeout), postgres => postgres
                .CommandTimeout((int)timeout.TotalSeconds)
                .ExecutionStrategy(dependencies => new StoreUnavailableStrategy(new NonRetryingExecutionStrategy(dependencies), dependencies.Logger.Logger)))
            .QuietAboutFailedWrites();
    }

    /// <summary>
    /// SQLite waits up to the busy timeout for a lock (busy_timeout), the library gives up retrying at the same moment
    /// (its command timeout, which also bounds BEGIN), and what still finds the store locked is refused as unavailable.
    /// </summary>
    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString, TimeSpan? busyTimeout = null)
    {
        var timeout = SqliteStore.BusyTimeoutOrDefault(busyTimeout);
        return options
            .UseSqlite(connectionString, sqlite => sqlite
                .CommandTimeout((int)timeout.TotalSeconds)
                .ExecutionStrategy(dependencies => new StoreUnavailableStrategy(new NonRetryingExecutionStrategy(dependencies), dependencies.Logger.Logger)))
            .AddInterceptors(new SqlitePragmas(timeout))
            .QuietAboutFailedWrites();
    }

    /// <summary>
    /// A twin refused by a unique index (a repeated click, a validator's retry racing its first try) is an answer the
    /// services give on purpose, yet EF logs each one as an error with a stack trace, so its lines for failed
    /// statements and saves go to Debug. What is not answered still gets logged: a failure no service handles reaches
    /// the exception handler (an error), and a store that could not answer in time is logged where it is refused
    /// (a warning, <see cref="StoreUnavailableStrategy"/>); BEGIN and COMMIT failures keep EF's own error lines.
    /// </summary>
    private static DbContextOptionsBuilder QuietAboutFailedWrites(this DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(warnings => warnings.Log(
            (CoreEventId.SaveChangesFailed, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug)));
}
