using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>
/// The regional rollups' invariants hold for a world in which a citizen moved within a month, and each finds its fault
/// planted with plain SQL (the rollups have no rule of the database to get past), on both stores.
/// </summary>
public abstract class RegionalInvariantTests(ITestStores stores)
{
    private const string Yubei = "500112";
    private const string Jiangbei = "500105";
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_citizen_who_moved_twice_within_a_month_has_a_row_per_district_and_every_check_holds()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        var rider = world.Rider.AccountId;
        await MoveAndEarnAsync(world, rider, Yubei, Methodology.BusRide);
        await MoveAndEarnAsync(world, rider, Jiangbei, Methodology.ElectronicWaybill);

        var report = await world.CheckAsync();

        Assert.True(report.AllHold, report.ToString());
        await using var db = world.Database.CreateContext();
        var districts = await db.AccountMonthActivities.Where(a => a.AccountId == rider).OrderBy(a => a.DistrictCode)
            .Select(a => a.DistrictCode + ":" + a.BehaviourCode + ":" + a.Entries).ToListAsync();
        Assert.Equal([$":{Methodology.BusRide}:2", $"{Jiangbei}:{Methodology.ElectronicWaybill}:1", $"{Yubei}:{Methodology.BusRide}:1"], districts);
        Assert.Equal(4, report[Invariant.AccountMonthsEqualEarns].Checked);
    }

    [SkippableFact]
    public async Task Grams_and_coupons_used_that_drifted_from_the_entries_are_found_with_the_districts_summed_away()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        var slot = DailyReduction.SlotOf(world.Rider.AccountId);

        var check = await PlantAndFindBrokenAsync(world, [Invariant.DistrictMonthsEqualEntries], $"""
            UPDATE "DistrictMonthReductions" SET "Milligrams" = "Milligrams" + 1000, "CouponsUsed" = "CouponsUsed" + 1
            WHERE "BehaviourCode" = '{Methodology.BusRide}' AND "Slot" = {slot}
            """);

        Assert.Equal($"{await MonthAsync(world)} {Methodology.BusRide} (Transport) slot {slot}: rollup +1,000 mg, +1 coupons used against the entries",
            check.Samples.Single().Description);
    }

    [SkippableFact]
    public async Task A_coupon_purchase_left_uncounted_and_earns_under_another_category_are_found()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        var (riderSlot, saverSlot) = (DailyReduction.SlotOf(world.Rider.AccountId), DailyReduction.SlotOf(world.Saver.AccountId));

        var check = await PlantAndFindBrokenAsync(world, [Invariant.DistrictMonthsEqualEntries], $"""
            UPDATE "DistrictMonthReductions" SET "CouponsRedeemed" = "CouponsRedeemed" - 1 WHERE "BehaviourCode" = '' AND "Slot" = {saverSlot};
            UPDATE "DistrictMonthReductions" SET "Category" = 'Food' WHERE "BehaviourCode" = '{Methodology.BusRide}' AND "Slot" = {riderSlot}
            """);

        var month = await MonthAsync(world);
        Assert.Equal(3, check.Offending);
        Assert.Contains(check.Samples, s => s.Description == $"{month} coupon purchases (no category) slot {saverSlot}: rollup -1 coupons redeemed against the entries");
        Assert.Contains(check.Samples, s => s.Description.StartsWith($"{month} {Methodology.BusRide} (Food) slot {riderSlot}: rollup +", StringComparison.Ordinal));
        Assert.Contains(check.Samples, s => s.Description.StartsWith($"{month} {Methodology.BusRide} (Transport) slot {riderSlot}: rollup -", StringComparison.Ordinal)
            && s.Description.Contains("-2 earns, -1 coupons used", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task An_account_that_earned_without_its_activity_row_is_found_and_the_district_rows_no_longer_agree()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        var rider = world.Rider.AccountId;

        var report = await PlantAsync(world, $"""DELETE FROM "AccountMonthActivities" WHERE "AccountId" = {rider}""");

        // The account's spans now stand without the activity rows they came from.
        Assert.Equal([Invariant.AccountMonthsEqualEarns, Invariant.DistrictsAgree, Invariant.ActivitySpansMatchActivity], report.Broken);
        var month = await MonthAsync(world);
        Assert.Equal($"#{rider} {month} {Methodology.BusRide} (Transport): activity rows count -2 earns against the entries",
            report[Invariant.AccountMonthsEqualEarns].Samples.Single().Description);
        Assert.Equal($"{month} {Methodology.BusRide} slot {DailyReduction.SlotOf(rider)} in no district: district row +2 earns against the activity rows",
            report[Invariant.DistrictsAgree].Samples.Single().Description);
    }

    [SkippableFact]
    public async Task An_activity_row_that_counts_nothing_and_one_under_another_category_are_found()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        var (rider, saver) = (world.Rider.AccountId, world.Saver.AccountId);

        // The planted rows have no spans either.
        var check = await PlantAndFindBrokenAsync(world, [Invariant.AccountMonthsEqualEarns, Invariant.ActivitySpansMatchActivity], $"""
            INSERT INTO "AccountMonthActivities" ("Month", "Category", "BehaviourCode", "DistrictCode", "AccountId", "Entries")
            SELECT "Month", 'Housing', 'planted', "DistrictCode", "AccountId", 0 FROM "AccountMonthActivities" WHERE "AccountId" = {saver};
            UPDATE "AccountMonthActivities" SET "Category" = 'Food' WHERE "AccountId" = {rider}
            """);

        var month = await MonthAsync(world);
        Assert.Equal(3, check.Offending);
        Assert.Contains(check.Samples, s => s.Description == $"#{saver} {month} planted (Housing): a row that counts no earn");
        Assert.Contains(check.Samples, s => s.Description == $"#{rider} {month} {Methodology.BusRide} (Food): activity rows count +2 earns against the entries");
        Assert.Contains(check.Samples, s => s.Description == $"#{rider} {month} {Methodology.BusRide} (Transport): activity rows count -2 earns against the entries");
    }

    [SkippableFact]
    public async Task Earns_moved_to_another_district_in_one_rollup_only_are_found()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        var slot = DailyReduction.SlotOf(world.Rider.AccountId);

        var check = await PlantAndFindBrokenAsync(world, [Invariant.DistrictsAgree], $"""
            UPDATE "DistrictMonthReductions" SET "DistrictCode" = '{Yubei}' WHERE "BehaviourCode" = '{Methodology.BusRide}' AND "Slot" = {slot}
            """);

        var month = await MonthAsync(world);
        Assert.Equal(
            [
                $"{month} {Methodology.BusRide} slot {slot} in no district: district row -2 earns against the activity rows",
                $"{month} {Methodology.BusRide} slot {slot} in {Yubei}: district row +2 earns against the activity rows",
            ],
            check.Samples.Select(s => s.Description));
    }

    /// <summary>A day later (still in March, and clear of the same act reported by another source), the citizen moves and earns.</summary>
    private async Task MoveAndEarnAsync(World world, long accountId, string district, string behaviour)
    {
        _clock.Advance(TimeSpan.FromDays(1));
        await using var db = world.Database.CreateContext();
        await new CitizenDistricts(db).SetAsync(accountId, district);
        await new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(accountId, behaviour, 1, _clock.UtcNow));
    }

    /// <summary>The one China month the world's rollups hold, as the checks name it ("2026-03").</summary>
    private static async Task<string> MonthAsync(World world)
    {
        await using var db = world.Database.CreateContext();
        return MonthRange.Format(await db.DistrictMonthReductions.Select(r => r.Month).Distinct().SingleAsync());
    }

    private static async Task<InvariantReport> PlantAsync(World world, string fault)
    {
        await using (var db = world.Database.CreateContext()) await db.Database.ExecuteSqlRawAsync(fault);
        return await world.CheckAsync();
    }

    private static async Task<InvariantCheck> PlantAndFindBrokenAsync(World world, Invariant[] broken, string fault)
    {
        var report = await PlantAsync(world, fault);
        Assert.Equal(broken, report.Broken);
        return report[broken[0]];
    }
}

public sealed class RegionalInvariantTestsOnSqlite() : RegionalInvariantTests(SqliteTestStores.Instance)
{
}

public sealed class RegionalInvariantTestsOnPostgres(PostgresTestStores postgres) : RegionalInvariantTests(postgres), IClassFixture<PostgresTestStores>
{
}
