using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
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
public sealed class BenchmarkWorld : IAsyncDisposable
{
    public const string Password = "Bench-Ride-2026";
    public const string LineId = "cq-bus-818";
    public const string VehicleId = "bus-0417";

    private readonly ServiceProvider _services;
    private readonly bool _keepFolder;
    private string? _passwordHash;

    private BenchmarkWorld(string folder, StoreSettings store, ServiceProvider services, bool keepFolder)
    {
        Folder = folder;
        Store = store;
        _services = services;
        _keepFolder = keepFolder;
        RideCodes = services.GetRequiredService<RideCodes>();
    }

    /// <summary>The SQLite file's folder, or the PostgreSQL database's name.</summary>
    public string Folder { get; }
    public StoreSettings Store { get; }
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
            store = new StoreSettings(StoreProvider.Postgres, await PostgresServer.CreateDatabaseAsync(options.PostgresConnection!, folder));
        }
        else
        {
            folder = Path.Combine(Path.GetTempPath(), name);
            Directory.CreateDirectory(folder);
            store = new StoreSettings(StoreProvider.Sqlite, $"Data Source={Path.Combine(folder, "carbonhuitong.db")}");
        }
        var services = new ServiceCollection().AddLogging().AddCarbonHuitongCore(store).BuildServiceProvider();
        var world = new BenchmarkWorld(folder, store, services, options.KeepDatabase);
        await world.InScopeAsync(async scope =>
        {
            await scope.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            // The first load makes the signing key, as the app's first start does; the app then reads the same key.
            await scope.GetRequiredService<RideCodeKeyring>().LoadAsync(scope.GetRequiredService<CarbonDbContext>(), TimeProvider.System);
        });
        return world;
    }

    public async Task<IReadOnlyList<BenchCitizen>> AddCitizensAsync(int count, string namePrefix, bool canSignIn = false)
    {
        var citizens = new List<BenchCitizen>(count);
        await InScopeAsync(async scope =>
        {
            var db = scope.GetRequiredService<CarbonDbContext>();
            var roleId = await db.Roles.Where(r => r.Name == Roles.Citizen).Select(r => r.Id).SingleAsync();
            var now = Clock.GetUtcNow().UtcDateTime;
            foreach (var chunk in Enumerable.Range(0, count).Chunk(2_000))
            {
                var accounts = new List<(string UserName, CarbonAccount Account)>();
                foreach (var n in chunk)
                {
                    var user = NewUser($"{namePrefix}-{n:D6}", now, canSignIn);
                    var account = CarbonAccount.Open(user.Id, now);
                    db.Users.Add(user);
                    db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
                    db.CarbonAccounts.Add(account);
                    accounts.Add((user.UserName!, account));
                }
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
                citizens.AddRange(accounts.Select(a => new BenchCitizen(a.UserName, a.Account.Id)));
            }
        });
        return citizens;
    }

    /// <summary>The same password hash for every benchmark citizen: hashing is deliberately slow, and only sign-in needs it.</summary>
    private ApplicationUser NewUser(string userName, DateTime now, bool canSignIn)
    {
        var email = $"{userName}@bench.example";
        var user = new ApplicationUser
        {
            Id = Guid.NewGuid().ToString(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            SecurityStamp = Guid.NewGuid().ToString(),
            RegisteredAt = now,
        };
        if (canSignIn) user.PasswordHash = _passwordHash ??= new PasswordHasher<ApplicationUser>().HashPassword(user, Password);
        return user;
    }

    public Task GrantCreditsAsync(IEnumerable<BenchCitizen> citizens, decimal credits) => InScopeAsync(async scope =>
    {
        var ledger = scope.GetRequiredService<LedgerService>();
        foreach (var citizen in citizens)
            await ledger.AdjustAsync(citizen.AccountId, Credits.FromDecimal(credits), "Benchmark opening balance", "benchmark");
    });

    /// <summary>A listed ¥2 bus coupon item, as a funded and approved batch leaves one.</summary>
    public async Task<long> ListBusCouponAsync(string title, decimal price, int stock)
    {
        long itemId = 0;
        await InScopeAsync(async scope =>
        {
            var db = scope.GetRequiredService<CarbonDbContext>();
            var now = Clock.GetUtcNow().UtcDateTime;
            var today = DateOnly.FromDateTime(now);
            var project = EmissionProject.Register("Chongqing new-energy bus fleet", "Chongqing Public Transport Group",
                "CQCER urban bus methodology", "Buses", today.AddYears(-1), today.AddYears(4), now);
            db.EmissionProjects.Add(project);
            await db.SaveChangesAsync();
            var batch = CouponBatch.Fund(project.Id, new Fen(200), Math.Max(stock, 1), now);
            db.CouponBatches.Add(batch);
            await db.SaveChangesAsync();
            var item = MallItem.List(batch, CouponKind.BusCoupon, title, "Taken off the fare at your next bus ride.",
                Credits.FromDecimal(price), stock, validDays: 30, validUntilUtc: null, monthlyLimitPerCitizen: null, now);
            db.MallItems.Add(item);
            await db.SaveChangesAsync();
            itemId = item.Id;
        });
        return itemId;
    }

    /// <summary>Coupons bought through the mall's own redemption, so each has its Spend.</summary>
    public Task RedeemAsync(IEnumerable<BenchCitizen> citizens, long itemId) => InScopeAsync(async scope =>
    {
        var redemptions = scope.GetRequiredService<RedemptionService>();
        foreach (var citizen in citizens) await redemptions.RedeemAsync(citizen.AccountId, itemId, "bench-seed-" + citizen.AccountId);
    });

    public async Task<(string Id, string Key)> RegisterTerminalAsync(string id)
    {
        var key = "";
        await InScopeAsync(async scope => key = await scope.GetRequiredService<TerminalService>()
            .RegisterAsync(id, LineId, $"Benchmark validator {id}"));
        return (id, key);
    }

    /// <summary>
    /// <paramref name="count"/> bus rides in the account's ledger, one every few minutes back from now, with the
    /// running balance on each entry and the account's totals and daily rollup moved to match.
    /// </summary>
    public Task AddRideHistoryAsync(long accountId, int count) => InScopeAsync(async scope =>
    {
        var db = scope.GetRequiredService<CarbonDbContext>();
        var bus = await db.GreenBehaviours.AsNoTracking().SingleAsync(b => b.Code == Methodology.BusRide);
        var now = Clock.GetUtcNow().UtcDateTime;
        var balance = await db.CarbonAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceHundredths).SingleAsync();
        var days = new Dictionary<DateOnly, (long Milligrams, long Credits, long Entries)>();
        await db.InWriteTransactionAsync(async () =>
        {
            for (var n = count; n > 0;)
            {
                var chunk = Math.Min(n, 5_000);
                for (var i = 0; i < chunk; i++, n--)
                {
                    var entry = LedgerEntry.Earn(accountId, bus, 1, "bench-history", $"history-{accountId}-{n}",
                        now.AddMinutes(-7 * n), now);
                    balance += entry.CreditHundredths;
                    entry.SetBalanceAfter(balance);
                    db.LedgerEntries.Add(entry);
                    var day = PlatformTime.ChinaDateOf(entry.OccurredAt);
                    var sum = days.GetValueOrDefault(day);
                    days[day] = (sum.Milligrams + entry.Milligrams, sum.Credits + entry.CreditHundredths, sum.Entries + 1);
                }
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
            await db.CarbonAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(set => set
                .SetProperty(a => a.BalanceHundredths, balance)
                .SetProperty(a => a.EarnedHundredths, a => a.EarnedHundredths + count * bus.CreditHundredthsPerUnit)
                .SetProperty(a => a.ReducedMilligrams, a => a.ReducedMilligrams + count * bus.MilligramsPerUnit)
                .SetProperty(a => a.GreenTrips, a => a.GreenTrips + count));
            db.AccountDailyReductions.AddRange(days.Select(d =>
                AccountDailyReduction.Of(accountId, d.Key, bus.Category, d.Value.Milligrams, d.Value.Credits, d.Value.Entries)));
            await db.SaveChangesAsync();
            return 0;
        });
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
        if (Store.Provider == StoreProvider.Postgres)
        {
            await PostgresServer.DropDatabaseAsync(Store.ConnectionString);
            return;
        }
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
