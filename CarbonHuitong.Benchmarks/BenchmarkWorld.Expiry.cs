using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Benchmarks;

public sealed partial class BenchmarkWorld
{
    /// <summary>Earns or spends per append: one write transaction each, as a partner's largest batches are several of.</summary>
    private const int EntriesPerAppend = 5_000;

    /// <summary>
    /// Citizens registered by Core in bulk, <paramref name="perRegistration"/> per transaction, keeping only their account
    /// ids (a million users' objects need not stay in memory); <paramref name="keep"/> sees each registered chunk first.
    /// </summary>
    public async Task<long[]> AddAccountsAsync(int count, string namePrefix, Action<IReadOnlyList<BenchCitizen>>? keep = null,
        int perRegistration = 20_000)
    {
        var ids = new long[count];
        for (var start = 0; start < count; start += perRegistration)
        {
            var size = Math.Min(perRegistration, count - start);
            var users = Enumerable.Range(start, size).Select(n => NewUser($"{namePrefix}-{n:D7}", Clock.GetUtcNow().UtcDateTime, canSignIn: false)).ToList();
            IReadOnlyList<long> accountIds = [];
            await InScopeAsync(async scope => accountIds = await scope.GetRequiredService<CitizenUserManager>().RegisterCitizensAsync(users));
            keep?.Invoke(users.Select((user, i) => new BenchCitizen(user.UserName!, accountIds[i])).ToList());
            for (var i = 0; i < size; i++) ids[start + i] = accountIds[i];
        }
        return ids;
    }

    /// <summary>
    /// The operator's own history through <see cref="EarningService.ImportHistoryAsync"/>, in appends of a few thousand:
    /// priced by the methodology of each earn's day, with balances, daily rollups and the per-year credit rollup that
    /// the expiry reads all moved by the ledger's one write path.
    /// </summary>
    public Task ImportHistoryAsync(IEnumerable<EarnRequest> earns) => InScopeAsync(async scope =>
    {
        var earning = scope.GetRequiredService<EarningService>();
        var db = scope.GetRequiredService<CarbonDbContext>();
        foreach (var chunk in earns.Chunk(EntriesPerAppend))
        {
            await earning.ImportHistoryAsync(chunk);
            db.ChangeTracker.Clear();
        }
    });

    /// <summary>
    /// Deductions as a mall administrator makes them (<see cref="AdjustmentService"/>: audited, each account's due
    /// expiry taken first), a few thousand accounts per append.
    /// </summary>
    public async Task DeductCreditsAsync(IEnumerable<(long AccountId, Credits Amount)> deductions, string reason)
    {
        foreach (var chunk in deductions.Chunk(EntriesPerAppend))
            await InScopeAsync(scope => scope.GetRequiredService<AdjustmentService>().AdjustAsync(Admin,
                chunk.Select(d => (d.AccountId, -d.Amount)).ToList(), reason));
    }

    /// <summary>
    /// Core's services on this world's store, on another clock (a job run on the night after a cutoff, while the app
    /// under test and the world's ride codes keep the real time); <paramref name="configure"/> adds to them (settings,
    /// interceptors that measure).
    /// </summary>
    public ServiceProvider ServicesAt(TimeProvider clock, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(clock).AddCarbonHuitongCore(Store)
            .AddCarbonHuitongKeyRing(new KeyRingSettings(KeyFile));
        configure(services);
        return services.BuildServiceProvider();
    }
}
