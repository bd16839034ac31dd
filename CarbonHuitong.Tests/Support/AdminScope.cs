using System.Runtime.CompilerServices;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Reports;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Transit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// One request on the admin side, wired as the app wires it (<see cref="DependencyInjection.AddCarbonHuitongCore"/> and
/// Identity's user manager over the same DbContext), on the test's database file and clock. Dispose it as a request ends.
/// </summary>
public sealed class AdminScope : IAsyncDisposable
{
    // One container per database and clock, as the app has one; each scope is one request.
    private static readonly ConditionalWeakTable<TestStore, Container> Containers = new();

    private readonly AsyncServiceScope _scope;

    private AdminScope(AsyncServiceScope scope) => _scope = scope;

    public static AdminScope Open(TestStore database, TimeProvider clock)
    {
        var container = Containers.GetValue(database, _ => new Container(clock, Build(database, clock)));
        if (!ReferenceEquals(container.Clock, clock))
            throw new InvalidOperationException("A test database is used with one clock.");
        return new AdminScope(container.Services.CreateAsyncScope());
    }

    private static ServiceProvider Build(TestStore database, TimeProvider clock)
    {
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddLogging();
        services.AddCarbonHuitongCore(database.Settings);
        services.AddIdentityCore<ApplicationUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CarbonDbContext>()
            .AddUserManager<CitizenUserManager>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public CarbonDbContext Db => Get<CarbonDbContext>();
    public ProjectService Projects => Get<ProjectService>();
    public CouponBatchService Batches => Get<CouponBatchService>();
    public EarningService Earning => Get<EarningService>();
    public AdjustmentService Adjustments => Get<AdjustmentService>();
    public MethodologyService Methodology => Get<MethodologyService>();
    public UserAdminService UserAdmin => Get<UserAdminService>();
    public UserManager<ApplicationUser> Users => Get<UserManager<ApplicationUser>>();
    public TerminalService Terminals => Get<TerminalService>();
    public AuditLog Audit => Get<AuditLog>();
    public ReportQueries Reports => Get<ReportQueries>();
    public MallQueries Mall => Get<MallQueries>();
    public RedemptionService Redemptions => Get<RedemptionService>();

    public T Get<T>() where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _scope.DisposeAsync();

    private sealed record Container(TimeProvider Clock, ServiceProvider Services);
}

public static class AdminScopes
{
    /// <summary>Runs one call in its own request scope, as a page or an endpoint would.</summary>
    public static async Task<T> AsRequestAsync<T>(this TestStore database, TimeProvider clock, Func<AdminScope, Task<T>> call)
    {
        await using var scope = AdminScope.Open(database, clock);
        return await call(scope);
    }

    public static async Task AsRequestAsync(this TestStore database, TimeProvider clock, Func<AdminScope, Task> call)
    {
        await using var scope = AdminScope.Open(database, clock);
        await call(scope);
    }
}
