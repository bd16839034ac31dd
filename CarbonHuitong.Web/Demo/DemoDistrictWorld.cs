using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Web.Demo;

/// <summary>
/// Residents who exist for the regional statistics: spread over the districts so that several have enough citizens to
/// show and others too few (suppression shows), a group who gave no district, a year of earns in every behaviour the
/// methodology has, and a few bus coupons redeemed. Registered in bulk without passwords (they never sign in), and
/// their history imported through the ledger's set-based path, so the first start stays quick.
/// <para>
/// The dashboard shows a district over a period only if it has enough active citizens in every month of it with
/// figures (two overlapping periods differ by months alone). So the first <see cref="AlwaysActive"/> residents of each
/// district earn in every month of the last twelve, the current one included, which also covers the months of the demo
/// citizens' own history in Yuzhong and Jiangbei; the others join a month apart, so participation grows.
/// </para>
/// </summary>
public sealed class DemoDistrictWorld(
    CitizenUserManager users, CitizenDistricts districts, EarningService earning, MethodologyService methodology,
    RedemptionService redemptions, MallQueries mall, Core.Ledger.LedgerQueries ledger, TimeProvider clock)
{
    public const string Source = "demo-statistics";

    /// <summary>A year: the dashboard's default period (<see cref="MonthRange.LastTwelve"/>).</summary>
    public const int MonthsOfHistory = 12;

    public const int EarnsPerMonth = 3;

    /// <summary>Residents of each district who earn in every month: the default minimum of citizens in a shown cell.</summary>
    public const int AlwaysActive = 10;

    /// <summary>Residents per district: seven with enough to show, the rest of the list too few; null is "not given".</summary>
    public static readonly IReadOnlyList<(string? DistrictCode, int Residents)> Spread =
    [
        ("500112", 26), ("500103", 22), ("500105", 18), ("500106", 16), ("500108", 14), ("500107", 12), ("500109", 11),
        ("500104", 7), ("500113", 5), ("500101", 4), ("500116", 3), ("500118", 2), ("500241", 1), (null, 12),
    ];

    /// <summary>How many residents of the first district (those who earned enough) redeem a bus coupon.</summary>
    public const int CouponRedeemers = 12;

    public static string ResidentEmail(int number) => $"resident{number:000}@example.com";

    public static int Residents => Spread.Sum(s => s.Residents);

    public async Task SeedAsync(long busCouponItemId, CancellationToken ct)
    {
        var accountIds = await users.RegisterCitizensAsync(Enumerable.Range(1, Residents)
            .Select(n => new ApplicationUser { UserName = ResidentEmail(n), Email = ResidentEmail(n), EmailConfirmed = true }).ToList(), ct);
        var homes = Spread.SelectMany(s => Enumerable.Repeat(s.DistrictCode, s.Residents)).ToList();
        // Before the earns: each earn counts in the district its account named when it was recorded.
        for (var i = 0; i < accountIds.Count; i++)
            if (homes[i] is { } code) await districts.SetAsync(accountIds[i], code, ct);

        var behaviours = await methodology.InEffectAsync(ct: ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rankInDistrict = Spread.SelectMany(s => Enumerable.Range(0, s.Residents)).ToList();
        var requests = accountIds.SelectMany((accountId, i) => History(accountId, i, rankInDistrict[i], behaviours, now)).ToList();
        foreach (var batch in requests.Chunk(2_000)) await earning.ImportHistoryAsync(batch, ct);

        var price = (await mall.GetShelfAsync(ct)).Single(item => item.Id == busCouponItemId).Price;
        var redeemed = 0;
        foreach (var accountId in accountIds.Take(Spread[0].Residents))
        {
            if (redeemed == CouponRedeemers) break;
            if ((await ledger.GetSummaryAsync(accountId, ct))!.Balance < price) continue;
            await redemptions.RedeemAsync(accountId, busCouponItemId, $"demo-statistics-coupon-{accountId}", ct);
            redeemed++;
        }
    }

    /// <summary>
    /// A resident's months: three earns a month in behaviours taken in turn, so every category the methodology has
    /// appears. The first earn of a month is on its first day (in the current month, before now), so each of the
    /// months a resident is active in counts them whatever today is; the <see cref="AlwaysActive"/> first of a district
    /// are active all year, each later one a month less than the one before.
    /// </summary>
    private static IEnumerable<EarnRequest> History(long accountId, int index, int rankInDistrict, IReadOnlyList<GreenBehaviour> behaviours, DateTime nowUtc)
    {
        var today = PlatformTime.ChinaDateOf(nowUtc);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var firstMonthBack = Math.Max(0, MonthsOfHistory - 1 - Math.Max(0, rankInDistrict - AlwaysActive + 1));
        for (var back = firstMonthBack; back >= 0; back--)
        {
            var month = thisMonth.AddMonths(-back);
            for (var k = 0; k < EarnsPerMonth; k++)
            {
                var day = month.AddDays(k == 0 ? 0 : (index * 7 + k * 9) % 27);
                var occurredAt = PlatformTime.ChinaDateToUtc(day).AddHours(8 + k * 4).AddMinutes(index % 60);
                // This month's first earn happens before now, even at dawn on the 1st; the others wait for their day.
                if (k == 0 && occurredAt > nowUtc) occurredAt = nowUtc.AddMinutes(-1);
                if (occurredAt > nowUtc || PlatformTime.ChinaDateOf(occurredAt) < month) continue;
                var behaviour = behaviours[(index + back + k) % behaviours.Count];
                yield return new EarnRequest(accountId, behaviour.Code, 1 + index % 3, Source, $"{accountId}/{month:yyyyMM}/{k}", occurredAt);
            }
        }
    }
}
