using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Behaviours.Partners;

/// <summary>
/// A partner's batch, on a real database (a SQLite file, or a PostgreSQL server): every check in its order, the
/// daily caps across partners, duplicates, and a resend or a race having the effect of one batch.
/// </summary>
public abstract class PartnerFeedTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    private DateTime HourAgo => _clock.UtcNow.AddHours(-1);

    [SkippableFact]
    public async Task A_linked_citizens_metro_ride_earns_4_73_credits_as_one_Earn_entry_from_the_partner()
    {
        await using var database = await stores.CreateAsync();
        var (partner, citizen) = await LinkedAsync(database, "u-1");

        var results = await database.SendAsync(_clock, partner, PartnerSetup.Event("u-1", Methodology.MetroRide, 1, HourAgo, "ride-1"));

        Assert.Equal([new PartnerEventResult("ride-1", PartnerEventStatus.Accepted, null, Credits.FromDecimal(4.73m), CarbonMass.FromGrams(515.5m))], results);
        await using var db = database.CreateContext();
        var entry = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.AccountId == citizen.AccountId);
        Assert.Equal((LedgerEntryKind.Earn, Methodology.MetroRide, Partner.SourceOf(partner.Code), "ride-1", HourAgo),
            (entry.Kind, entry.BehaviourCode, entry.Source, entry.ExternalEventId, entry.OccurredAt));
        Assert.Equal(473, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task Each_refusal_has_its_code_and_one_bad_event_never_fails_the_batch()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().Reporting(Methodology.MetroRide, Methodology.SharedBicycle).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");

        var results = await database.SendAsync(_clock, partner,
            PartnerSetup.Event("u-1", Methodology.MetroRide, 1, HourAgo, "ok"),
            PartnerSetup.Event("nobody", Methodology.MetroRide, 1, HourAgo, "not-linked"),
            PartnerSetup.Event("u-1", Methodology.Walking, 1, HourAgo, "not-allowed"),
            PartnerSetup.Event("u-1", "teleport", 1, HourAgo, "unknown"),
            PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddDays(-8), "old"),
            PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddMinutes(30), "future"),
            PartnerSetup.Event("u-1", Methodology.SharedBicycle, 0, HourAgo, "zero"),
            PartnerSetup.Event("u-1", Methodology.SharedBicycle, -2, HourAgo, "negative"),
            PartnerSetup.Event("u-1", Methodology.SharedBicycle, 1.005m, HourAgo, "three-decimals"),
            PartnerSetup.Event("u-1", Methodology.SharedBicycle, 10_001, HourAgo, "too-far"),
            new PartnerEventInput(null, "u-1", Methodology.MetroRide, 1, HourAgo),
            new PartnerEventInput("no-time", "u-1", Methodology.MetroRide, 1, null),
            new PartnerEventInput("no-quantity", "u-1", Methodology.MetroRide, null, HourAgo));

        Assert.Equal(
        [
            ("ok", PartnerEventStatus.Accepted, null), ("not-linked", PartnerEventStatus.Refused, PartnerEventCodes.NotLinked),
            ("not-allowed", PartnerEventStatus.Refused, PartnerEventCodes.BehaviourNotAllowed),
            ("unknown", PartnerEventStatus.Refused, PartnerEventCodes.BehaviourNotAllowed),
            ("old", PartnerEventStatus.Refused, PartnerEventCodes.TooOld), ("future", PartnerEventStatus.Refused, PartnerEventCodes.InFuture),
            ("zero", PartnerEventStatus.Refused, PartnerEventCodes.BadQuantity), ("negative", PartnerEventStatus.Refused, PartnerEventCodes.BadQuantity),
            ("three-decimals", PartnerEventStatus.Refused, PartnerEventCodes.BadQuantity),
            ("too-far", PartnerEventStatus.Refused, PartnerEventCodes.BadQuantity),
            (null, PartnerEventStatus.Refused, PartnerEventCodes.BadEvent), ("no-time", PartnerEventStatus.Refused, PartnerEventCodes.BadEvent),
            ("no-quantity", PartnerEventStatus.Refused, PartnerEventCodes.BadQuantity),
        ], results.Select(r => (r.EventId, r.Status, r.Code)));
        Assert.All(results.Skip(1), r => Assert.Null(r.Credits));
        await using var db = database.CreateContext();
        Assert.Equal(473, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(1, await db.LedgerEntries.CountAsync());
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task The_link_is_checked_first_so_a_revoked_links_event_is_consent_revoked_whatever_else_is_wrong()
    {
        await using var database = await stores.CreateAsync();
        var (partner, citizen) = await LinkedAsync(database, "u-1");
        await using (var db = database.CreateContext()) await PartnerSetup.Links(db, _clock).RevokeAsync(citizen.AccountId, partner.Code, deleteEvents: false);

        var results = await database.SendAsync(_clock, partner,
            PartnerSetup.Event("u-1", "teleport", -1, _clock.UtcNow.AddDays(-30), "everything-wrong"),
            PartnerSetup.Event("u-1", Methodology.MetroRide, 1, HourAgo, "fine-otherwise"));

        Assert.All(results, r => Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.ConsentRevoked), (r.Status, r.Code)));
    }

    [SkippableFact]
    public async Task A_resent_batch_and_a_twin_inside_one_batch_are_duplicates_with_the_first_results_credits_and_write_nothing()
    {
        await using var database = await stores.CreateAsync();
        var (partner, citizen) = await LinkedAsync(database, "u-1");
        var bike = PartnerSetup.Event("u-1", Methodology.SharedBicycle, 2, HourAgo, "bike-1");
        var refused = PartnerSetup.Event("nobody", Methodology.SharedBicycle, 2, HourAgo, "bike-2");

        var first = await database.SendAsync(_clock, partner, bike, bike, refused);
        var snapshot = await CountsAsync(database);
        var again = await database.SendAsync(_clock, partner, bike, refused);

        Assert.Equal([PartnerEventStatus.Accepted, PartnerEventStatus.Duplicate, PartnerEventStatus.Refused], first.Select(r => r.Status));
        Assert.Equal(first[0].Credits, first[1].Credits);
        Assert.Equal(new PartnerEventResult("bike-1", PartnerEventStatus.Duplicate, null, Credits.FromDecimal(4.58m), CarbonMass.FromGrams(500)), again[0]);
        Assert.Equal((PartnerEventStatus.Duplicate, null), (again[1].Status, again[1].Credits));
        Assert.Equal(snapshot, await CountsAsync(database));
        await using var db = database.CreateContext();
        Assert.Equal(458, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
    }

    [SkippableFact]
    public async Task Twenty_identical_batches_in_parallel_have_exactly_the_effect_of_one()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizens = new List<Citizen>();
        for (var i = 0; i < 5; i++)
        {
            var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
            await database.LinkAsync(_clock, partner, citizen.AccountId, $"u-{i}");
            citizens.Add(citizen);
        }
        var batch = Enumerable.Range(0, 50)
            .Select(i => PartnerSetup.Event($"u-{i % 5}", Methodology.SharedBicycle, 1.5m, HourAgo.AddMinutes(-i), $"trip-{i}")).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => database.SendAsync(_clock, partner, batch))));

        Assert.Equal(50, answers.Sum(a => a.Count(r => r.Status == PartnerEventStatus.Accepted)));
        Assert.All(answers, a => Assert.All(a, r => Assert.Equal(Credits.FromDecimal(3.44m), r.Credits)));
        await using var db = database.CreateContext();
        Assert.Equal(50, await db.LedgerEntries.CountAsync(e => e.Kind == LedgerEntryKind.Earn));
        Assert.Equal(50, await db.PartnerEvents.CountAsync());
        foreach (var citizen in citizens) Assert.Equal(10 * 344, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task A_daily_cap_is_shared_by_two_partners_and_the_event_that_crosses_it_is_credited_up_to_it()
    {
        await using var database = await stores.CreateAsync();
        var healthApp = await new PartnerBuilder().Reporting(Methodology.Walking).BuildAsync(database, _clock);
        var watch = await new PartnerBuilder().Reporting(Methodology.Walking).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, healthApp, citizen.AccountId, "walker");
        await database.LinkAsync(_clock, watch, citizen.AccountId, "walker");
        var morning = ChinaTime.Utc(2026, 3, 18, 8);

        // 10,000 steps (200 g) from each: the second crosses the 296 g cap and is credited 96 g (4,800 steps).
        var fromApp = await database.SendAsync(_clock, healthApp, PartnerSetup.Event("walker", Methodology.Walking, 10, morning, "a-1"));
        var fromWatch = await database.SendAsync(_clock, watch,
            PartnerSetup.Event("walker", Methodology.Walking, 10, morning.AddHours(1), "w-1"),
            PartnerSetup.Event("walker", Methodology.Walking, 1, morning.AddHours(2), "w-2"),
            PartnerSetup.Event("walker", Methodology.Walking, 5, ChinaTime.Utc(2026, 3, 17, 20), "w-yesterday"));

        Assert.Equal(new PartnerEventResult("a-1", PartnerEventStatus.Accepted, null, Credits.FromDecimal(1.80m), CarbonMass.FromGrams(200)), fromApp[0]);
        Assert.Equal(new PartnerEventResult("w-1", PartnerEventStatus.Accepted, PartnerEventCodes.DailyCap, Credits.FromDecimal(0.86m),
            CarbonMass.FromGrams(96)), fromWatch[0]);
        Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.DailyCap), (fromWatch[1].Status, fromWatch[1].Code));
        Assert.Equal((PartnerEventStatus.Accepted, null), (fromWatch[2].Status, fromWatch[2].Code));
        await using var db = database.CreateContext();
        var today = await db.LedgerEntries.Where(e => e.AccountId == citizen.AccountId && e.OccurredAt >= ChinaTime.Utc(2026, 3, 18))
            .SumAsync(e => e.Milligrams);
        Assert.Equal(296_000, today);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task A_metro_ride_reported_by_two_apps_within_three_minutes_is_counted_once_and_the_second_report_kept_beside_it()
    {
        await using var database = await stores.CreateAsync();
        var metro = await new PartnerBuilder().Reporting(Methodology.MetroRide).BuildAsync(database, _clock);
        var rideCodeApp = await new PartnerBuilder().Reporting(Methodology.MetroRide, Methodology.BusRide).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, metro, citizen.AccountId, "m-1");
        await database.LinkAsync(_clock, rideCodeApp, citizen.AccountId, "r-1");

        var first = await database.SendAsync(_clock, metro, PartnerSetup.Event("m-1", Methodology.MetroRide, 1, HourAgo, "metro-1"));
        var second = await database.SendAsync(_clock, rideCodeApp,
            PartnerSetup.Event("r-1", Methodology.MetroRide, 1, HourAgo.AddMinutes(2), "rc-1"),
            PartnerSetup.Event("r-1", Methodology.MetroRide, 1, HourAgo.AddMinutes(40), "rc-2"));

        Assert.Equal(PartnerEventStatus.Accepted, first[0].Status);
        Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.CountedElsewhere), (second[0].Status, second[0].Code));
        Assert.Equal(PartnerEventStatus.Accepted, second[1].Status);
        await using var db = database.CreateContext();
        var counted = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.ExternalEventId == "metro-1");
        var report = await db.DuplicateReports.AsNoTracking().SingleAsync();
        Assert.Equal((counted.Id, Partner.SourceOf(rideCodeApp.Code), "rc-1"), (report.EntryId, report.Source, report.ExternalEventId));
        var history = await new LedgerQueries(db, _clock).GetHistoryAsync(citizen.AccountId, new LedgerFilter(), 1, 20);
        Assert.Equal([Partner.SourceOf(rideCodeApp.Code)], history.Items.Single(i => i.Id == counted.Id).AlsoReportedBy);
        Assert.Equal(2 * 473, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task Revoking_in_the_middle_of_a_stream_refuses_every_later_event_and_deleting_purges_the_raw_events_but_not_the_ledger()
    {
        await using var database = await stores.CreateAsync();
        var (partner, citizen) = await LinkedAsync(database, "u-1");
        var before = await database.SendAsync(_clock, partner,
            PartnerSetup.Event("u-1", Methodology.ElectronicWaybill, 3, HourAgo, "parcel-1"),
            PartnerSetup.Event("u-1", Methodology.ElectronicWaybill, 1, HourAgo, "parcel-2"));

        LinkRevocation revoked;
        await using (var db = database.CreateContext())
            revoked = await PartnerSetup.Links(db, _clock).RevokeAsync(citizen.AccountId, partner.Code, deleteEvents: true);
        var after = await database.SendAsync(_clock, partner,
            PartnerSetup.Event("u-1", Methodology.ElectronicWaybill, 1, HourAgo, "parcel-3"),
            PartnerSetup.Event("u-1", Methodology.ElectronicWaybill, 3, HourAgo, "parcel-1"));

        Assert.All(before, r => Assert.Equal(PartnerEventStatus.Accepted, r.Status));
        Assert.Equal(2, revoked.EventsDeleted);
        Assert.Equal((PartnerEventCodes.ConsentRevoked, PartnerEventCodes.ConsentRevoked), (after[0].Code, after[1].Code));
        await using var check = database.CreateContext();
        Assert.Equal(0, await check.PartnerEvents.CountAsync(e => e.Code != PartnerEventCodes.ConsentRevoked));
        Assert.Equal(2, await check.LedgerEntries.CountAsync(e => e.AccountId == citizen.AccountId));
        Assert.Equal(20, (await check.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        var link = await check.PartnerLinks.AsNoTracking().SingleAsync();
        Assert.NotNull(link.RevokedAt);
        Assert.NotNull(link.EventsDeletedAt);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task A_bus_ride_the_validator_scanned_first_is_counted_elsewhere_when_a_ride_code_app_reports_it()
    {
        await using var database = await stores.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Transit.Validator.RegisterAsync(database, _clock, rideCodes);
        var (app, citizen) = await LinkedAsync(database, "r-1");

        var scan = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        var reported = await database.SendAsync(_clock, app, PartnerSetup.Event("r-1", Methodology.BusRide, 1, _clock.UtcNow.AddMinutes(-1), "bus-1"));

        Assert.Equal(Credits.FromDecimal(1.10m), scan.CreditsEarned);
        Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.CountedElsewhere), (reported[0].Status, reported[0].Code));
        await using var db = database.CreateContext();
        Assert.Equal(110, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        var history = await new LedgerQueries(db, _clock).GetHistoryAsync(citizen.AccountId, new LedgerFilter(), 1, 20);
        var ride = Assert.Single(history.Items);
        Assert.Equal("transit", ride.Source);
        Assert.Equal([Partner.SourceOf(app.Code)], ride.AlsoReportedBy);
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task A_validator_scan_of_a_ride_a_partner_reported_first_is_still_a_ride_that_uses_the_coupon_but_earns_nothing()
    {
        await using var database = await stores.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Transit.Validator.RegisterAsync(database, _clock, rideCodes);
        var (app, citizen) = await LinkedAsync(database, "r-1", credits: 20m);
        var item = await new MallBuilder().Priced(20m).BuildAsync(database, _clock);
        var coupon = (await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1")).Coupon;
        await database.SendAsync(_clock, app, PartnerSetup.Event("r-1", Methodology.BusRide, 1, _clock.UtcNow.AddMinutes(-2), "bus-1"));

        var request = validator.ScanOf(citizen.AccountId);
        var scan = await validator.ScanAsync(request);
        var retry = await validator.ScanAsync(request);

        Assert.True(scan.Accepted && scan.CountedElsewhere && scan.CouponApplied);
        Assert.Equal((Credits.Zero, coupon.Id, Core.Mall.Fen.Zero, Credits.FromDecimal(1.10m)), (scan.CreditsEarned, scan.CouponId, scan.AmountDue, scan.Balance));
        Assert.Equal(scan with { Replayed = true }, retry);
        await using var db = database.CreateContext();
        Assert.Equal(110, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(1, await db.Rides.CountAsync(r => r.CountedElsewhere));
        Assert.Equal(1, await db.DuplicateReports.CountAsync(r => r.Source == Core.Transit.ScanService.LedgerSource));
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task One_report_is_one_act_so_a_transfer_scanned_within_the_window_is_a_ride_of_its_own_and_so_is_a_second_report()
    {
        await using var database = await stores.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Transit.Validator.RegisterAsync(database, _clock, rideCodes);
        var (app, citizen) = await LinkedAsync(database, "r-1");
        var seeded = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.SendAsync(_clock, app, PartnerSetup.Event("r-1", Methodology.BusRide, 1, _clock.UtcNow.AddMinutes(-2), "bus-1"));
        await using (var db = database.CreateContext())
            await new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(seeded.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddMinutes(-1)));

        var first = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        var transfer = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        var notAPartner = await validator.ScanAsync(validator.ScanOf(seeded.AccountId));
        var reports = await database.SendAsync(_clock, app,
            PartnerSetup.Event("r-1", Methodology.BusRide, 1, _clock.UtcNow.AddMinutes(-1), "bus-2"),
            PartnerSetup.Event("r-1", Methodology.BusRide, 1, _clock.UtcNow, "bus-3"));

        Assert.Equal((true, false, false), (first.CountedElsewhere, transfer.CountedElsewhere, notAPartner.CountedElsewhere));
        Assert.Equal(Credits.FromDecimal(1.10m), transfer.CreditsEarned);
        // The app's next report matches the transfer the validator counted; the one after has nothing left to match.
        Assert.Equal([PartnerEventCodes.CountedElsewhere, null], reports.Select(r => r.Code));
        await AssertInvariantsHoldAsync(database);
    }

    [SkippableFact]
    public async Task The_reconciliation_lists_the_partners_events_of_a_China_day_with_what_was_answered()
    {
        await using var database = await stores.CreateAsync();
        var (partner, _) = await LinkedAsync(database, "u-1");
        var other = await new PartnerBuilder().BuildAsync(database, _clock);
        var lateOn17th = ChinaTime.Utc(2026, 3, 17, 23, 59);
        await database.SendAsync(_clock, partner,
            PartnerSetup.Event("u-1", Methodology.TakeawayWithoutUtensils, 1, lateOn17th, "lunch-17"),
            PartnerSetup.Event("u-1", Methodology.TakeawayWithoutUtensils, 1, ChinaTime.Utc(2026, 3, 18, 0, 0), "midnight-18"),
            PartnerSetup.Event("stranger", Methodology.TakeawayWithoutUtensils, 1, ChinaTime.Utc(2026, 3, 18, 9, 0), "stranger-18"));
        await database.SendAsync(_clock, other, PartnerSetup.Event("u-1", Methodology.TakeawayWithoutUtensils, 1, ChinaTime.Utc(2026, 3, 18, 9, 0), "theirs"));

        await using var db = database.CreateContext();
        var rows = await PartnerSetup.Queries(db, _clock).ReconcileAsync(partner.Identity, new DateOnly(2026, 3, 18));

        Assert.Equal(
        [
            new ReconciliationRow("midnight-18", ChinaTime.Utc(2026, 3, 18, 0, 0), PartnerEventStatus.Accepted, null, Credits.FromDecimal(0.42m),
                CarbonMass.FromGrams(45.72m)),
            new ReconciliationRow("stranger-18", ChinaTime.Utc(2026, 3, 18, 9, 0), PartnerEventStatus.Refused, PartnerEventCodes.NotLinked, Credits.Zero,
                new CarbonMass(0)),
        ], rows);
    }

    [SkippableFact]
    public async Task More_than_a_thousand_events_in_one_call_are_refused_whole()
    {
        await using var database = await stores.CreateAsync();
        var (partner, _) = await LinkedAsync(database, "u-1");
        var events = Enumerable.Range(0, PartnerFeed.MaxEventsPerCall + 1)
            .Select(i => PartnerSetup.Event("u-1", Methodology.ElectronicWaybill, 1, HourAgo, $"p-{i}")).ToArray();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.SendAsync(_clock, partner, events));

        Assert.Equal(ErrorCodes.TooManyEvents, refusal.Code);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.PartnerEvents.CountAsync());
    }

    private async Task<(TestPartner Partner, Citizen Citizen)> LinkedAsync(TestStore database, string partnerUserId, decimal credits = 0)
    {
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().WithCredits(credits).BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, partnerUserId);
        return (partner, citizen);
    }

    private static async Task<(int Entries, int Events, int Reports, long Balance)> CountsAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        return (await db.LedgerEntries.CountAsync(), await db.PartnerEvents.CountAsync(), await db.DuplicateReports.CountAsync(),
            await db.CarbonAccounts.SumAsync(a => a.BalanceHundredths));
    }

    private static async Task AssertInvariantsHoldAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        var report = await new InvariantChecker(db).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }
}

public sealed class PartnerFeedTestsOnSqlite() : PartnerFeedTests(SqliteTestStores.Instance);

public sealed class PartnerFeedTestsOnPostgres(PostgresTestStores postgres) : PartnerFeedTests(postgres), IClassFixture<PostgresTestStores>;
