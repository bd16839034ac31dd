using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Transit;

/// <summary>Every accepted scan is a ride and a bus-ride Earn of 1.10 credits and 120 g, written together.</summary>
public sealed class RideEarningTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task Ten_bus_rides_earn_exactly_11_credits_1200_grams_and_ten_green_trips()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        var results = new List<ScanResult>();
        for (var i = 0; i < 10; i++)
        {
            results.Add(await validator.ScanAsync(validator.ScanOf(citizen.AccountId)));
            _clock.Advance(TimeSpan.FromMinutes(30));
        }

        Assert.All(results, r => Assert.True(r.Accepted && !r.Replayed));
        Assert.All(results, r => Assert.Equal(Credits.FromDecimal(1.10m), r.CreditsEarned));
        Assert.Equal(Credits.FromDecimal(11.00m), results[^1].Balance);
        await using var db = database.CreateContext();
        Assert.Equal(new LedgerTotals(1_100, 1_100, 0, 1_200_000, 10), await db.AccountTotalsAsync(citizen.AccountId));
        Assert.Equal(await db.SumEntriesAsync(citizen.AccountId), await db.AccountTotalsAsync(citizen.AccountId));
        Assert.Equal(10, await db.CountRidesAsync());
        Assert.Equal(0, await db.CountEntriesOffTheirRunningBalanceAsync(citizen.AccountId));
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task An_accepted_scan_records_the_ride_and_a_bus_ride_earn_from_transit_under_terminal_slash_scan_id()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes, id: "cq-818-front-door");
        var citizen = await new CitizenBuilder().WithCredits(5m).BuildAsync(database, _clock);
        var scannedAt = _clock.UtcNow.AddSeconds(-3);
        var scan = validator.ScanOf(citizen.AccountId) with { ScanId = "scan-0001", ScannedAt = scannedAt };

        var result = await validator.ScanAsync(scan);

        Assert.Equal(new ScanResult("scan-0001", Accepted: true, Credits.FromDecimal(1.10m), CouponApplied: false, CouponId: null,
            FaceValue: new(0), AmountDue: new(200), Balance: Credits.FromDecimal(6.10m), Replayed: false), result);
        await using var db = database.CreateContext();
        var ride = await db.Rides.AsNoTracking().SingleAsync();
        var earn = await db.LedgerEntries.AsNoTracking().SingleAsync(e => e.Kind == LedgerEntryKind.Earn);
        Assert.Equal(("cq-818-front-door", "scan-0001", citizen.AccountId), (ride.TerminalId, ride.ScanId, ride.AccountId));
        Assert.Equal((TransitBuilder.LineId, TransitBuilder.VehicleId, 200L, 200L), (ride.LineId, ride.VehicleId, ride.FareFen, ride.AmountDueFen));
        Assert.Equal((scannedAt, _clock.UtcNow), (ride.ScannedAt, ride.RecordedAt));
        Assert.Equal(earn.Id, ride.EarnEntryId);
        Assert.Equal((Methodology.BusRide, ScanService.LedgerSource, "cq-818-front-door/scan-0001"),
            (earn.BehaviourCode, earn.Source, earn.ExternalEventId));
        Assert.Equal((citizen.AccountId, 110L, 120_000L, true, scannedAt), (earn.AccountId, earn.CreditHundredths, earn.Milligrams, earn.IsGreenTrip, earn.OccurredAt));
        Assert.Equal(610, earn.BalanceAfterHundredths);
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task A_scan_dated_in_the_future_by_a_drifting_validator_clock_is_dated_now()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        await validator.ScanAsync(validator.ScanOf(citizen.AccountId) with { ScannedAt = _clock.UtcNow.AddHours(2) });

        await using var db = database.CreateContext();
        Assert.Equal(_clock.UtcNow, (await db.Rides.AsNoTracking().SingleAsync()).ScannedAt);
        Assert.Equal(_clock.UtcNow, (await db.LedgerEntries.AsNoTracking().SingleAsync()).OccurredAt);
    }
}
