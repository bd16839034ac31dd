using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web.Government;

/// <summary>
/// Residents of a district (or of none) for regional statistics, made as the demo world makes them: registered in bulk,
/// their district chosen through <see cref="CitizenDistricts"/>, and one earn each imported through the ledger's path.
/// </summary>
public static class RegionalResidents
{
    public static async Task<IReadOnlyList<long>> AddAsync(IServiceProvider services, string? districtCode, int count, DateTime earnedAtUtc,
        string behaviour = Methodology.BusRide, decimal quantity = 1)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<CitizenUserManager>();
        var accounts = await users.RegisterCitizensAsync(Enumerable.Range(0, count).Select(_ =>
        {
            var email = $"resident-{Guid.NewGuid():N}@example.test";
            return new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
        }).ToList());
        var districts = scope.ServiceProvider.GetRequiredService<CitizenDistricts>();
        if (districtCode is not null)
            foreach (var account in accounts) await districts.SetAsync(account, districtCode);
        await scope.ServiceProvider.GetRequiredService<EarningService>().ImportHistoryAsync(accounts
            .Select(account => new EarnRequest(account, behaviour, quantity, "test-statistics", $"{account}/{earnedAtUtc.Ticks}", earnedAtUtc)).ToList());
        return accounts;
    }

    /// <summary>Yesterday noon in China, so the earn falls in the last twelve months whatever the day.</summary>
    public static DateTime Yesterday(TimeProvider clock) =>
        PlatformTime.ChinaDateToUtc(PlatformTime.ChinaToday(clock).AddDays(-1)).AddHours(12);

    public static Actor Regulator { get; } = new("regulator-test", "regulator@example.test", [Roles.Regulator], null);
}
