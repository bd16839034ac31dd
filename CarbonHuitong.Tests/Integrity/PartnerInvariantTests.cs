using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>
/// The partner feeds' invariants hold for a world built through the feed and the validator, and each finds its fault:
/// planted with raw SQL past the app's rules, or made by the operator's history import, which applies no cap and no
/// same-act rule (it is the operator's own record).
/// </summary>
public sealed class PartnerInvariantTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_world_of_partner_events_caps_and_acts_counted_once_passes_every_check()
    {
        await using var world = await PartnerWorld.BuildAsync(_clock);

        var report = await world.CheckAsync();

        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(4, report[Invariant.PartnerEventCreditedOnce].Checked);
        Assert.Equal(2, report[Invariant.LaterReportPointsAtEarn].Checked);
    }

    [Fact]
    public async Task An_accepted_partner_event_whose_credits_differ_from_its_entry_is_found()
    {
        await using var world = await PartnerWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.PartnerEventCreditedOnce,
            """UPDATE "PartnerEvents" SET "CreditHundredths" = "CreditHundredths" + 100 WHERE "EventId" = 'metro-1'""");

        Assert.Contains("(" + world.Metro.Code + "/metro-1) differs from its entry", check.Samples.Single().Description);
    }

    [Fact]
    public async Task Walking_imported_past_the_daily_cap_is_found_naming_the_citizen_and_day()
    {
        await using var world = await PartnerWorld.BuildAsync(_clock);
        await using (var db = world.Database.CreateContext())
            await CoreServices.Earning(db, _clock).ImportHistoryAsync([EarnRequests.Of(world.Citizen.AccountId, Methodology.Walking, 20, ChinaTime.Utc(2026, 3, 10, 9))]);

        var report = await world.CheckAsync();

        Assert.Equal([Invariant.WithinDailyCap], report.Broken);
        Assert.Equal([new Violation(world.Citizen.AccountId, $"account #{world.Citizen.AccountId} walking on 2026-03-10: 400 g > cap 296 g")],
            report[Invariant.WithinDailyCap].Samples);
    }

    [Fact]
    public async Task A_metro_ride_credited_from_a_partner_and_another_source_a_minute_apart_is_found()
    {
        await using var world = await PartnerWorld.BuildAsync(_clock);
        await using (var db = world.Database.CreateContext())
            await CoreServices.Earning(db, _clock).ImportHistoryAsync(
            [
                EarnRequests.Of(world.Citizen.AccountId, Methodology.MetroRide, 1, ChinaTime.Utc(2026, 3, 10, 9), source: Partner.SourceOf("import-a")),
                EarnRequests.Of(world.Citizen.AccountId, Methodology.MetroRide, 1, ChinaTime.Utc(2026, 3, 10, 9, 1), source: "import-b"),
            ]);

        var report = await world.CheckAsync();

        Assert.Equal([Invariant.ActCountedOnce], report.Broken);
        Assert.Contains("(partner:import-a) and #", report[Invariant.ActCountedOnce].Samples.Single().Description);
    }

    [Fact]
    public async Task A_later_report_pointing_at_another_citizens_earn_and_a_ride_marked_counted_elsewhere_without_its_report_are_found()
    {
        await using var world = await PartnerWorld.BuildAsync(_clock);

        var check = await PlantAndFindBrokenAsync(world, Invariant.LaterReportPointsAtEarn, $"""
            UPDATE "DuplicateReports" SET "AccountId" = "AccountId" + 1000 WHERE "Source" = 'transit';
            UPDATE "Rides" SET "CountedElsewhere" = 1 WHERE "Id" = {world.PlainRideId};
            """);

        // The report itself, the ride it belonged to (its report no longer matches), and the plain ride.
        Assert.Equal(3, check.Offending);
    }

    private static async Task<InvariantCheck> PlantAndFindBrokenAsync(PartnerWorld world, Invariant broken, string fault)
    {
        await InvariantCheckerTests.RunRawSqlAsync(world.Database, fault);
        var report = await world.CheckAsync();
        Assert.Equal([broken], report.Broken);
        return report[broken];
    }

    /// <summary>
    /// One citizen linked to a metro app and a ride-code app: a metro ride reported by both (counted once), a day's
    /// walk past the cap (credited up to it), a bus ride the ride-code app reported and the validator then scanned
    /// (counted elsewhere), and a plain scanned ride.
    /// </summary>
    private sealed class PartnerWorld(TestDatabase database, Citizen citizen, TestPartner metro, long plainRideId) : IAsyncDisposable
    {
        public TestDatabase Database => database;
        public Citizen Citizen => citizen;
        public TestPartner Metro => metro;
        public long PlainRideId => plainRideId;

        public static async Task<PartnerWorld> BuildAsync(TestClock clock)
        {
            var database = await TestDatabase.CreateAsync();
            var validator = await Validator.RegisterAsync(database, clock, await database.LoadRideCodesAsync(clock));
            var metro = await new PartnerBuilder().Reporting(Methodology.MetroRide, Methodology.Walking).BuildAsync(database, clock);
            var app = await new PartnerBuilder().Reporting(Methodology.MetroRide, Methodology.BusRide).BuildAsync(database, clock);
            var citizen = await new CitizenBuilder().BuildAsync(database, clock);
            await database.LinkAsync(clock, metro, citizen.AccountId, "m");
            await database.LinkAsync(clock, app, citizen.AccountId, "a");
            var earlier = clock.UtcNow.AddHours(-2);

            await database.SendAsync(clock, metro, PartnerSetup.Event("m", Methodology.MetroRide, 1, earlier, "metro-1"),
                PartnerSetup.Event("m", Methodology.Walking, 20, earlier, "walk-1"));
            var counted = await database.SendAsync(clock, app, PartnerSetup.Event("a", Methodology.MetroRide, 1, earlier.AddMinutes(1), "app-metro-1"),
                PartnerSetup.Event("a", Methodology.BusRide, 1, clock.UtcNow.AddMinutes(-1), "app-bus-1"));
            Assert.Equal(PartnerEventCodes.CountedElsewhere, counted[0].Code);
            Assert.True((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).CountedElsewhere);
            clock.Advance(TimeSpan.FromHours(1));
            var plain = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
            Assert.False(plain.CountedElsewhere);

            await using var db = database.CreateContext();
            var plainRideId = await db.Rides.Where(r => r.ScanId == plain.ScanId).Select(r => r.Id).SingleAsync();
            return new PartnerWorld(database, citizen, metro, plainRideId);
        }

        public async Task<InvariantReport> CheckAsync()
        {
            await using var db = database.CreateContext();
            return await new InvariantChecker(db).CheckAsync();
        }

        public ValueTask DisposeAsync() => database.DisposeAsync();
    }
}
