using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Benchmarks;

public sealed partial class BenchmarkWorld
{
    /// <summary>Districts per write transaction: each is still <see cref="CitizenDistricts"/>' own checked update.</summary>
    private const int DistrictsPerTransaction = 5_000;

    /// <summary>
    /// Citizens' districts as each would set them on the profile page (<see cref="CitizenDistricts"/>: the code checked,
    /// a closed account refused), a few thousand to a write transaction instead of one each.
    /// </summary>
    public async Task SetDistrictsAsync(IEnumerable<(long AccountId, string? DistrictCode)> choices)
    {
        foreach (var chunk in choices.Chunk(DistrictsPerTransaction))
            await InScopeAsync(async scope =>
            {
                var districts = scope.GetRequiredService<CitizenDistricts>();
                await scope.GetRequiredService<CarbonDbContext>().InWriteTransactionAsync(async () =>
                {
                    foreach (var (accountId, code) in chunk) await districts.SetAsync(accountId, code);
                });
            });
    }

    /// <summary>
    /// A regulator who can sign in: registered as everyone is, then given the Regulator role (and only it) by a mall
    /// administrator through <see cref="UserAdminService"/>, as on /admin/users. Returns the email to sign in with.
    /// </summary>
    public async Task<string> AddRegulatorAsync()
    {
        var regulator = (await AddCitizensAsync(1, "regulator", canSignIn: true))[0];
        await InScopeAsync(async scope =>
        {
            var userId = await scope.GetRequiredService<CarbonDbContext>().CarbonAccounts.Where(a => a.Id == regulator.AccountId)
                .Select(a => a.UserId).SingleAsync();
            await scope.GetRequiredService<UserAdminService>().SetRolesAsync(Admin, userId, [Roles.Regulator], organization: null);
        });
        return regulator.UserName;
    }

    /// <summary>The behaviours of the methodology in effect today, in its order.</summary>
    public async Task<IReadOnlyList<GreenBehaviour>> BehavioursInEffectAsync()
    {
        IReadOnlyList<GreenBehaviour> behaviours = [];
        await InScopeAsync(async scope => behaviours = await scope.GetRequiredService<MethodologyService>().InEffectAsync());
        return behaviours;
    }
}
