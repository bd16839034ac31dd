using CarbonHuitong.Core.Admin;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Projects;
using CarbonHuitong.Core.Reports;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarbonHuitong.Core;

public static class DependencyInjection
{
    /// <param name="connectionString">An absolute SQLite connection string (see <see cref="SqliteStore.ResolveConnectionString"/>).</param>
    public static IServiceCollection AddCarbonHuitongCore(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContext<CarbonDbContext>(options => ConfigureSqlite(options, connectionString));
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<LedgerService>();
        services.AddScoped<LedgerQueries>();
        services.AddScoped<RedemptionService>();
        services.AddScoped<MallQueries>();
        services.AddSingleton<RideCodeKeyring>();
        services.AddSingleton<RideCodes>();
        services.AddScoped<ScanService>();
        services.AddScoped<TerminalService>();
        services.AddScoped<AuditLog>();
        services.AddScoped<ProjectService>();
        services.AddScoped<ShelfService>();
        services.AddScoped<MethodologyService>();
        services.AddScoped<UserAdminService>();
        services.AddScoped<ReportQueries>();
        services.AddScoped<Integrity.InvariantChecker>();
        return services;
    }

    public static DbContextOptionsBuilder ConfigureSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas());
}
