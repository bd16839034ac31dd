using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Government;

/// <summary>The regional ledger's rollups and its statistics with small cells suppressed, differencing attacks included. On both stores.</summary>
public abstract class RegionalStatisticsTests(ITestStores stores)
{
    private const string Yubei = "500112";
    private const string Jiangbei = "500105";
    private const string Wanzhou = "500101";
    private const string Fuling = "500102";
    private static readonly Actor Regulator = new("regulator", "regulator@example.test", [Roles.Regulator], null);
    private readonly TestClock _clock = new(new DateTimeOffset(ChinaTime.Utc(2026, 3, 18, 10, 0), TimeSpan.Zero));
    private static readonly DateOnly February = new(2026, 2, 1), March = new(2026, 3, 1);

    /// <summary>Citizens of a district, each riding a different number of times (so no two sums agree by chance).</summary>
    private async Task<List<long>> CitizensAsync(TestStore database, string? district, int count, int firstRides, DateTime at, string behaviour = Methodology.BusRide)
    {
        var accounts = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
            await using var db = database.CreateContext();
            await new CitizenDistricts(db).SetAsync(citizen.AccountId, district);
            await RideAsync(database, citizen.AccountId, firstRides + i, at, behaviour);
            accounts.Add(citizen.AccountId);
        }
        return accounts;
    }

    private async Task RideAsync(TestStore database, long accountId, int times, DateTime at, string behaviour = Methodology.BusRide)
    {
        await using var db = database.CreateContext();
        await CoreServices.Earning(db, _clock).ImportHistoryAsync(Enumerable.Range(0, times)
            .Select(i => EarnRequests.Of(accountId, behaviour, 1, at.AddMinutes(i))).ToList());
    }

    private RegionalStatistics Statistics(TestStore database)
    {
        var db = database.CreateContext();
        return new(db, new ActiveCitizenCounts(db), Options.Create(new GovernmentOptions { MinimumCellCitizens = 10 }));
    }

    private static DistrictRow Row(DistrictTable table, string? code) => table.Rows.Single(r => r.DistrictCode == code);

    [SkippableFact]
    public async Task Each_earn_counts_in_the_district_its_account_named_at_the_time()
    {
        await using var database = await stores.CreateAsync();
        var mover = (await CitizensAsync(database, Wanzhou, 1, 2, ChinaTime.Utc(2026, 3, 2, 8, 0)))[0];
        await using (var db = database.CreateContext()) await new CitizenDistricts(db).SetAsync(mover, Yubei);
        await RideAsync(database, mover, 3, ChinaTime.Utc(2026, 3, 3, 8, 0));

        await using var reading = database.CreateContext();
        var rows = await reading.DistrictMonthReductions.GroupBy(r => r.DistrictCode)
            .Select(g => new { District = g.Key, Entries = g.Sum(r => r.Entries) }).OrderBy(r => r.District).ToListAsync();
        Assert.Equal([new { District = Wanzhou, Entries = 2L }, new { District = Yubei, Entries = 3L }], rows);
        var activity = await reading.AccountMonthActivities.OrderBy(a => a.DistrictCode).Select(a => new { a.DistrictCode, a.Month, a.Entries }).ToListAsync();
        Assert.Equal([new { DistrictCode = Wanzhou, Month = March, Entries = 2L }, new { DistrictCode = Yubei, Month = March, Entries = 3L }], activity);
    }

    [SkippableFact]
    public async Task Districts_are_refused_unless_they_are_Chongqings_and_a_closed_period_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var districts = new CitizenDistricts(db);

        var unknown = await Assert.ThrowsAsync<DomainException>(() => districts.SetAsync(citizen.AccountId, "110101"));
        Assert.Equal(ErrorCodes.UnknownDistrict, unknown.Code);
        await districts.SetAsync(citizen.AccountId, "500243");
        Assert.Equal("500243", await districts.GetAsync(citizen.AccountId));
        await districts.SetAsync(citizen.AccountId, null);
        Assert.Null(await districts.GetAsync(citizen.AccountId));
        Assert.Equal(ErrorCodes.BadPeriod, Assert.Throws<DomainException>(() => MonthRange.Parse("2026-04", "2026-03", _clock.UtcNow)).Code);
        Assert.Equal(ErrorCodes.BadPeriod, Assert.Throws<DomainException>(() => MonthRange.Parse("2023-01", "2026-03", _clock.UtcNow)).Code);
        Assert.Equal(new MonthRange(new DateOnly(2025, 4, 1), March), MonthRange.Parse(null, null, _clock.UtcNow));
        Assert.Equal(38, await db.Districts.CountAsync());
        Assert.Equal("彭水苗族土家族自治县", DistrictCatalogue.Find("500243")!.NameIn(new System.Globalization.CultureInfo("zh-CN")));
        Assert.Equal("Pengshui Miao and Tujia Autonomous County", DistrictCatalogue.Find("500243")!.NameIn(new System.Globalization.CultureInfo("en")));
    }

    [SkippableFact]
    public async Task Small_districts_fold_into_other_with_the_next_smallest_and_totals_add_up_to_the_platforms()
    {
        await using var database = await stores.CreateAsync();
        var march = ChinaTime.Utc(2026, 3, 5, 8, 0);
        await CitizensAsync(database, Yubei, 12, 1, march);
        await CitizensAsync(database, Jiangbei, 11, 20, march);
        var wanzhou = await CitizensAsync(database, Wanzhou, 3, 40, march);
        await CitizensAsync(database, null, 2, 50, march);

        var table = await Statistics(database).DistrictsAsync(Regulator, new MonthRange(March, March));

        Assert.False(Row(table, Yubei).Suppressed);
        Assert.Equal(12, Row(table, Yubei).ActiveCitizens);
        Assert.All(table.Rows.Where(r => r.DistrictCode != Yubei), r => Assert.True(r.Suppressed));
        Assert.Equal(16, table.Other.ActiveCitizens);
        await using var db = database.CreateContext();
        var platformMilligrams = await db.DailyReductions.SumAsync(d => d.Milligrams);
        Assert.Equal(platformMilligrams, table.Total.Milligrams);
        Assert.Equal(table.Total.Milligrams, table.Rows.Sum(r => r.Milligrams ?? 0) + table.Other.Milligrams);
        Assert.Equal(table.Total.CreditHundredths, table.Rows.Sum(r => r.CreditHundredths ?? 0) + table.Other.CreditHundredths);
        Assert.Equal(28, table.Total.ActiveCitizens);

        // The attack: every sum and difference of published figures, none of which is Wanzhou's.
        var wanzhouMilligrams = await db.LedgerEntries.Where(e => wanzhou.Contains(e.AccountId)).SumAsync(e => e.Milligrams);
        long[] published = [table.Total.Milligrams!.Value, table.Other.Milligrams!.Value, .. table.Rows.Where(r => !r.Suppressed).Select(r => r.Milligrams!.Value)];
        Assert.DoesNotContain(wanzhouMilligrams, Combinations(published));
    }

    [SkippableFact]
    public async Task Two_overlapping_periods_do_not_reveal_a_month_with_too_few_citizens()
    {
        await using var database = await stores.CreateAsync();
        var yubei = await CitizensAsync(database, Yubei, 12, 1, ChinaTime.Utc(2026, 2, 5, 8, 0));
        await CitizensAsync(database, Jiangbei, 11, 20, ChinaTime.Utc(2026, 2, 5, 8, 0));
        await CitizensAsync(database, Jiangbei, 11, 40, ChinaTime.Utc(2026, 3, 5, 8, 0));
        // In March only two of Yubei's citizens rode.
        await RideAsync(database, yubei[0], 5, ChinaTime.Utc(2026, 3, 6, 8, 0));
        await RideAsync(database, yubei[1], 7, ChinaTime.Utc(2026, 3, 6, 8, 0));

        var statistics = Statistics(database);
        var both = await statistics.DistrictsAsync(Regulator, new MonthRange(February, March));
        var february = await statistics.DistrictsAsync(Regulator, new MonthRange(February, February));
        var march = await statistics.DistrictsAsync(Regulator, new MonthRange(March, March));

        await using var db = database.CreateContext();
        var twoInMarch = await db.LedgerEntries.Where(e => (e.AccountId == yubei[0] || e.AccountId == yubei[1]) && e.OccurredAt >= ChinaTime.Utc(2026, 3, 1))
            .SumAsync(e => e.Milligrams);
        long[] published = [.. new[] { both, february, march }.SelectMany(t => t.Rows.Append(t.Other).Append(t.Total))
            .Where(r => !r.Suppressed).Select(r => r.Milligrams!.Value)];
        Assert.DoesNotContain(twoInMarch, Combinations(published));
        Assert.True(Row(both, Yubei).Suppressed);
        Assert.False(Row(february, Yubei).Suppressed);
    }

    /// <summary>
    /// Five citizens earn in Wanzhou in February and March, then move to Fuling and earn again in March; five others earn
    /// in Fuling in February. Added up by district, March's small districts hold ten citizens; counted once, five.
    /// </summary>
    [SkippableFact]
    public async Task Citizens_who_move_are_counted_once_in_other_and_the_total_so_a_small_month_is_not_revealed()
    {
        await using var database = await stores.CreateAsync();
        var (feb, mar) = (ChinaTime.Utc(2026, 2, 5, 8, 0), ChinaTime.Utc(2026, 3, 5, 8, 0));
        // Other citizens each month, riding different numbers of times, so no two months' sums agree by chance.
        foreach (var (at, firstRides) in new[] { (feb, 1), (mar, 60) })
        {
            await CitizensAsync(database, Yubei, 12, firstRides, at);
            await CitizensAsync(database, Jiangbei, 11, firstRides + 20, at);
        }
        var movers = await CitizensAsync(database, Wanzhou, 5, 40, feb);
        await CitizensAsync(database, Fuling, 5, 50, feb);
        foreach (var mover in movers)
        {
            await RideAsync(database, mover, 2, mar);
            await using (var db = database.CreateContext()) await new CitizenDistricts(db).SetAsync(mover, Fuling);
            await RideAsync(database, mover, 3, mar.AddDays(1));
        }

        var statistics = Statistics(database);
        var both = await statistics.DistrictsAsync(Regulator, new MonthRange(February, March));
        var february = await statistics.DistrictsAsync(Regulator, new MonthRange(February, February));
        var march = await statistics.DistrictsAsync(Regulator, new MonthRange(March, March));

        // The small districts are not shown alone; Other takes Jiangbei too, since in March its districts hold five citizens.
        Assert.True(Row(both, Wanzhou).Suppressed && Row(both, Fuling).Suppressed && Row(both, Jiangbei).Suppressed);
        Assert.Equal(10 + 22, both.Other.ActiveCitizens);
        Assert.Equal(24 + 22 + 10, both.Total.ActiveCitizens);
        Assert.Equal(24 + 22 + 10, await DistinctActiveAsync(database));
        Assert.Equal(both.Total.Milligrams, both.Rows.Sum(r => r.Milligrams ?? 0) + both.Other.Milligrams);

        await using var reading = database.CreateContext();
        var moversInMarch = await reading.LedgerEntries.Where(e => movers.Contains(e.AccountId) && e.OccurredAt >= ChinaTime.Utc(2026, 3, 1))
            .SumAsync(e => e.Milligrams);
        long[] published = [.. new[] { both, february, march }.SelectMany(t => t.Rows.Append(t.Other).Append(t.Total))
            .Where(r => !r.Suppressed).Select(r => r.Milligrams!.Value)];
        Assert.DoesNotContain(moversInMarch, Combinations(published));
    }

    private static async Task<long> DistinctActiveAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        return await db.LedgerEntries.Where(e => e.Kind == LedgerEntryKind.Earn).Select(e => e.AccountId).Distinct().LongCountAsync();
    }

    [SkippableFact]
    public async Task A_category_filter_does_not_reveal_a_districts_small_category()
    {
        await using var database = await stores.CreateAsync();
        var march = ChinaTime.Utc(2026, 3, 5, 8, 0);
        var yubei = await CitizensAsync(database, Yubei, 12, 1, march);
        await CitizensAsync(database, Jiangbei, 11, 20, march);
        await CitizensAsync(database, Wanzhou, 11, 40, march);
        // Two of Yubei's citizens also chose an electronic waybill: a second category, with two citizens in it.
        await RideAsync(database, yubei[0], 1, march.AddHours(2), Methodology.ElectronicWaybill);
        await RideAsync(database, yubei[1], 1, march.AddHours(2), Methodology.ElectronicWaybill);

        var statistics = Statistics(database);
        var period = new MonthRange(March, March);
        var all = await statistics.DistrictsAsync(Regulator, period);
        var transport = await statistics.DistrictsAsync(Regulator, period, BehaviourCategory.Transport);
        var byMonth = await statistics.ReductionsByMonthAsync(Regulator, period);
        var byBehaviour = await statistics.ByBehaviourAsync(Regulator, period);

        await using var db = database.CreateContext();
        var twoWaybills = await db.LedgerEntries.Where(e => e.BehaviourCode == Methodology.ElectronicWaybill).SumAsync(e => e.Milligrams);
        long[] published = [.. all.Rows.Append(all.Other).Append(all.Total).Concat(transport.Rows.Append(transport.Other).Append(transport.Total))
            .Where(r => !r.Suppressed).Select(r => r.Milligrams!.Value),
            .. byMonth.Where(c => !c.Suppressed).Select(c => c.Milligrams!.Value), .. byBehaviour.Where(b => !b.Suppressed).Select(b => b.Milligrams!.Value)];
        Assert.DoesNotContain(twoWaybills, Combinations(published));
        Assert.False(Row(all, Yubei).Suppressed);
        Assert.True(Row(transport, Yubei).Suppressed);
    }

    [SkippableFact]
    public async Task Only_regulators_and_mall_administrators_read_the_statistics()
    {
        await using var database = await stores.CreateAsync();
        var statistics = Statistics(database);
        var period = new MonthRange(March, March);

        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => statistics.DistrictsAsync(Actors.Citizen, period))).Code);
        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => statistics.ParticipationAsync(Actors.TransportOwner, period))).Code);
        Assert.NotNull(await statistics.DistrictsAsync(Actors.MallAdmin, period));
        Assert.Single(await statistics.OpenDataAsync(period));
    }

    /// <summary>Every sum of the values with signs +1, -1 or 0 (at most 3^n of them; n stays small in these tests).</summary>
    private static HashSet<long> Combinations(IReadOnlyList<long> values)
    {
        var sums = new HashSet<long> { 0 };
        foreach (var value in values.Distinct().Take(12))
            sums = [.. sums.SelectMany(s => new[] { s, s + value, s - value })];
        sums.Remove(0);
        return sums;
    }
}

public sealed class RegionalStatisticsTestsOnSqlite() : RegionalStatisticsTests(SqliteTestStores.Instance)
{
}

public sealed class RegionalStatisticsTestsOnPostgres(PostgresTestStores postgres) : RegionalStatisticsTests(postgres), IClassFixture<PostgresTestStores>
{
}
