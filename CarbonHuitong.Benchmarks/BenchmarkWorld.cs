using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Transit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Benchmarks;

public sealed record BenchCitizen(string UserName, long AccountId);

/// <summary>
/// A fresh database file in a temporary folder, filled the way the app would fill it: citizens as registration leaves
/// them, credits and coupons through the ledger and the mall's own services. Only what would take minutes one request
/// at a time (thousands of citizens, a 100,000-entry ledger) is written in bulk, still with balances that equal their entries.
/// </summary>
public sealed partial class BenchmarkWorld : IAsyncDisposable
{
    public const string Password = "Bench-Ride-2026";
    public const string LineId = "cq-bus-818";
    public const string VehicleId = "bus-0417";

    /// <summary>Who sets the world up, as the app's users would: a project owner and a mall administrator.</summary>
    private static readonly Actor Owner = new("bench-owner", "owner@bench.example", [Roles.ProjectOwner], "Chongqing Public Transport Group");
    private static readonly Actor Admin = new("bench-admin", "admin@bench.example", [Roles.MallAdmin], null);
    private static readonly Fen CouponFaceValue = new(2_00);

    /// <summary>
    /// The world's own statements (bulk set-up, the invariant check reading whole tables after a run) may take longer
    /// than the app's 5 s for a request; the app under test is started with its own default.
    /// </summary>
    private static readonly TimeSpan WorldCommandTimeout = TimeSpan.FromMinutes(30);

    private readonly ServiceProvider _services;
    private readonly bool _keepFolder;
    private string? _passwordHash;

    private BenchmarkWorld(string folder, StoreSettings store, string keyFile, ServiceProvider services, bool keepFolder)
    {
        Folder = folder;
        Store = store;
        KeyFile = keyFile;
        _services = services;
        _keepFolder = keepFolder;
        RideCodes = services.GetRequiredService<RideCodes>();
    }

    /// <summary>The SQLite file's folder, or the PostgreSQL database's name.</summary>
    public string Folder { get; }
    public StoreSettings Store { get; }

    /// <summary>
    /// The key file that protects the world's key ring, in a temporary folder of its own, never the repository: the
    /// app under test is started with it, so it unseals the ride-code key this world made and signs codes with.
    /// </summary>
    public string KeyFile { get; }
    public RideCodes RideCodes { get; }
    public TimeProvider Clock => TimeProvider.System;

    /// <summary>A fresh SQLite file in a temporary folder, or a fresh database on the given PostgreSQL server.</summary>
    public static async Task<BenchmarkWorld> CreateAsync(BenchmarkOptions options)
    {
        var name = "carbonhuitong-bench-" + Guid.NewGuid().ToString("N")[..8];
        StoreSettings store;
        string folder;
        if (options.Provider == StoreProvider.Postgres)
        {
            folder = name.Replace('-', '_');
            store = new StoreSettings(StoreProvider.Postgres, await PostgresServer.CreateDatabaseAsync(options.PostgresConnection!, folder), WorldCommandTimeout);
        }
        else
        {
            folder = Path.Combine(Path.GetTempPath(), name);
            Directory.CreateDirectory(folder);
            store = new StoreSettings(StoreProvider.Sqlite, $"Data Source={Path.Combine(folder, "carbonhuitong.db")}", WorldCommandTimeout);
        }
        var keyFile = Path.Combine(Path.GetTempPath(), name + "-keys", "keyring.pfx");
        var services = new ServiceCollection().AddLogging().AddCarbonHuitongCore(store).AddCarbonHuitongKeyRing(new KeyRingSettings(keyFile));
        services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<CarbonDbContext>()
            .AddUserManager<CitizenUserManager>();
        var world = new BenchmarkWorld(folder, store, keyFile, services.BuildServiceProvider(), options.KeepDatabase);
        await world.InScopeAsync(async scope =>
        {
            await scope.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            // The first load makes the signing key, as the app's first start does; the app then reads the same key.
            await scope.GetRequiredService<RideCodeKeyring>().LoadAsync(scope.GetRequiredService<CarbonDbContext>(), TimeProvider.System);
        });
        return world;
    }

    /// <summary>Citizens as registration leaves them (the Citizen role, an empty account), registered in bulk by Core.</summary>
    public async Task<IReadOnlyList<BenchCitizen>> AddCitizensAsync(int count, string namePrefix, bool canSignIn = false)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var users = Enumerable.Range(0, count).Select(n => NewUser($"{namePrefix}-{n:D6}", now, canSignIn)).ToList();
        IReadOnlyList<long> accountIds = [];
        await InScopeAsync(async scope => accountIds = await scope.GetRequiredService<CitizenUserManager>().RegisterCitizensAsync(users));
        return users.Select((user, i) => new BenchCitizen(user.UserName!, accountIds[i])).ToList();
    }

    /// <summary>The same password hash for every benchmark citizen: hashing is deliberately slow, and only sign-in needs it.</summary>
    private ApplicationUser NewUser(string userName, DateTime now, bool canSignIn)
    {
        var email = $"{userName}@bench.example";
        var user = new ApplicationUser { Id = Guid.NewGuid().ToString(), UserName = email, Email = email, EmailConfirmed = true, RegisteredAt = now };
        if (canSignIn) user.PasswordHash = _passwordHash ??= new PasswordHasher<ApplicationUser>().HashPassword(user, Password);
        return user;
    }

    /// <summary>Opening balances as a mall administrator grants them: audited adjustments, appended as one batch.</summary>
    public Task GrantCreditsAsync(IEnumerable<BenchCitizen> citizens, decimal credits) => InScopeAsync(scope =>
        scope.GetRequiredService<AdjustmentService>().AdjustAsync(Admin,
            citizens.Select(c => (c.AccountId, Credits.FromDecimal(credits))).ToList(), "Benchmark opening balance"));

    /// <summary>
    /// A listed ¥2 bus coupon item, through the workflow users go through: a project's revenue funds a batch of
    /// <paramref name="stock"/> coupons, its owner submits it and a mall administrator lists it.
    /// </summary>
    public async Task<long> ListBusCouponAsync(string title, decimal price, int stock)
    {
        long itemId = 0;
        await InScopeAsync(async scope =>
        {
            var projects = scope.GetRequiredService<ProjectService>();
            var batches = scope.GetRequiredService<CouponBatchService>();
            var today = PlatformTime.ChinaToday(Clock);
            var projectId = await projects.RegisterAsync(Owner, new ProjectDraft("Chongqing new-energy bus fleet", "CQCER urban bus methodology",
                "Buses", today.AddYears(-1), today.AddYears(4)));
            await projects.RecordIssuanceAsync(Owner, projectId, new IssuanceDraft(stock, today.Year, "BENCH-" + projectId, today));
            await projects.RecordSaleAsync(Owner, projectId, new SaleDraft(stock, CouponFaceValue, "Benchmark buyer", today));
            var batchId = await batches.FundAsync(Owner, projectId,
                new BatchDraft(CouponFaceValue, stock, Credits.FromDecimal(price), ValidDays: 30, ValidUntil: null, MonthlyLimitPerCitizen: null));
            await batches.SubmitAsync(Owner, batchId);
            itemId = await batches.ListAsync(Admin, batchId, new ListingDraft(BilingualText.Of(null, title), BilingualText.Of("下次乘车时抵扣车费。", "Taken off the fare at your next bus ride."), null));
        });
        return itemId;
    }

    /// <summary>Coupons bought through the mall's own redemption, so each has its Spend.</summary>
    public Task RedeemAsync(IEnumerable<BenchCitizen> citizens, long itemId) => RedeemAsync(citizens.Select(c => c.AccountId), itemId);

    public Task RedeemAsync(IEnumerable<long> accountIds, long itemId) => InScopeAsync(async scope =>
    {
        var redemptions = scope.GetRequiredService<RedemptionService>();
        foreach (var accountId in accountIds) await redemptions.RedeemAsync(accountId, itemId, "bench-seed-" + accountId);
    });

    public async Task<(string Id, string Key)> RegisterTerminalAsync(string id)
    {
        var key = "";
        await InScopeAsync(async scope => key = await scope.GetRequiredService<TerminalService>()
            .RegisterAsync(Admin, id, LineId, $"Benchmark validator {id}"));
        return (id, key);
    }

    /// <summary>
    /// <paramref name="count"/> bus rides in the account's ledger, one every few minutes back from now, recorded in
    /// batches by <see cref="EarningService"/>: running balances, the account's totals and the daily rollups move with them.
    /// </summary>
    public Task AddRideHistoryAsync(long accountId, int count) => InScopeAsync(async scope =>
    {
        var earning = scope.GetRequiredService<EarningService>();
        var db = scope.GetRequiredService<CarbonDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        foreach (var chunk in Enumerable.Range(0, count).Select(i => count - i).Chunk(5_000))
        {
            await earning.ImportHistoryAsync(chunk.Select(n => new EarnRequest(accountId, Methodology.BusRide, 1, "bench-history",
                $"history-{accountId}-{n}", now.AddMinutes(-7 * n))).ToList());
            db.ChangeTracker.Clear();
        }
    });

    public async Task<InvariantReport> CheckInvariantsAsync()
    {
        InvariantReport? report = null;
        await InScopeAsync(async scope => report = await scope.GetRequiredService<InvariantChecker>().CheckAsync());
        return report!;
    }

    public async Task<T> QueryAsync<T>(Func<CarbonDbContext, Task<T>> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CarbonDbContext>());
    }

    private async Task InScopeAsync(Func<IServiceProvider, Task> work)
    {
        await using var scope = _services.CreateAsyncScope();
        await work(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_keepFolder) return;
        try { Directory.Delete(Path.GetDirectoryName(KeyFile)!, recursive: true); }
        catch (IOException) { }
        if (Store.Provider == StoreProvider.Postgres)
        {
            await PostgresServer.DropDatabaseAsync(Store.ConnectionString);
            return;
        }
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
