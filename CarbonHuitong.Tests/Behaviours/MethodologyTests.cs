using System.Globalization;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Behaviours;

public sealed class MethodologyTests
{
    private readonly TestClock _clock = new();

    // Bus: the published 1.1 credits for 120 g. The rest: grams x 1.1 / 120, rounded to 0.01.
    [Theory]
    [InlineData(Methodology.BusRide, "1.10", "120")]
    [InlineData(Methodology.SharedBicycle, "2.29", "250")]          // 250 x 1.1 / 120 = 2.2917
    [InlineData(Methodology.TakeawayWithoutUtensils, "0.42", "45.72")] // 0.4191
    [InlineData(Methodology.ElectronicWaybill, "0.05", "5")]        // 0.0458
    [InlineData(Methodology.MetroRide, "4.73", "515.5")]            // 4.7254
    [InlineData(Methodology.Walking, "0.18", "20")]                 // 0.1833
    public async Task The_initialized_database_publishes_credits_and_grams_per_unit(string code, string credits, string grams)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        var behaviour = await db.GreenBehaviours.AsNoTracking().SingleAsync(b => b.Code == code);

        Assert.Equal(Parse(credits), behaviour.CreditsPerUnit.Value);
        Assert.Equal(Parse(grams), behaviour.ReductionPerUnit.Grams);
    }

    [Fact]
    public async Task The_initialized_database_holds_exactly_the_published_methodology()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.InitializeAsync(); // a second start-up adds nothing
        await using var db = database.CreateContext();

        var codes = await db.GreenBehaviours.AsNoTracking().OrderBy(b => b.SortOrder).Select(b => b.Code).ToListAsync();

        Assert.Equal(Methodology.Published().Select(b => b.Code), codes);
    }

    [Fact]
    public async Task A_3_5_km_bicycle_ride_earns_8_02_credits_rounding_half_away_from_zero_and_875_grams()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        // 3.5 x 2.29 = 8.015 -> 8.02. (Banker's rounding happens to agree here; 8.025 below tells them apart.)
        var ride = await new TestLedger(db, _clock)
            .RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.SharedBicycle, 3.5m, _clock.UtcNow));

        Assert.Equal(8.02m, ride.Credits.Value);
        Assert.Equal(875m, ride.Reduction.Grams);
        Assert.Equal(new LedgerTotals(802, 802, 0, 875_000, 1), await db.AccountTotalsAsync(citizen.AccountId));
    }

    [Theory]
    [InlineData("8.015", 802)]
    [InlineData("8.025", 803)] // banker's rounding would give 8.02
    [InlineData("0.005", 1)]
    [InlineData("-0.005", -1)]
    public void Credits_round_half_away_from_zero(string value, long hundredths) =>
        Assert.Equal(hundredths, Credits.RoundFrom(Parse(value)).Hundredths);

    private static decimal Parse(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);
}
