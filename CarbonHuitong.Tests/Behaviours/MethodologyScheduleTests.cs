using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Behaviours;

/// <summary>A new factor takes effect from a China date; what was earned before keeps the factors it was earned with.</summary>
public sealed class MethodologyScheduleTests
{
    private const string NewBusSource = "Chongqing Ecology and Environment Bureau, 2026 revision: 150 g CO2e per bus ride";

    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_new_bus_ride_factor_applies_to_earns_from_its_China_date_on_and_entries_earned_before_keep_their_factors()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var earnedBeforeScheduling = await EarnBusRideAsync(database, citizen, _clock.UtcNow);
        await database.AsRequestAsync(_clock, s => s.Methodology.ScheduleAsync(Actors.MallAdmin,
            new FactorDraft(Methodology.BusRide, new DateOnly(2026, 3, 25), 150m, 1.5m, BilingualText.Of(null, NewBusSource))));
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 26, 9, 0));

        // 23:59 on 24 March in Chongqing, then midnight starting the 25th (16:00 UTC on the 24th).
        var lastOldDay = await EarnBusRideAsync(database, citizen, ChinaTime.Utc(2026, 3, 24, 23, 59));
        var firstNewDay = await EarnBusRideAsync(database, citizen, ChinaTime.Utc(2026, 3, 25));

        Assert.Equal(Credits.FromDecimal(1.1m), earnedBeforeScheduling.Credits);
        Assert.Equal((Credits.FromDecimal(1.1m), CarbonMass.FromGrams(120m)), (lastOldDay.Credits, lastOldDay.Reduction));
        Assert.Equal((Credits.FromDecimal(1.5m), CarbonMass.FromGrams(150m)), (firstNewDay.Credits, firstNewDay.Reduction));
        await using var db = database.CreateContext();
        var rows = await db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Earn).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.MilligramsPerUnit, e.CreditHundredthsPerUnit, e.Milligrams, e.CreditHundredths })
            .ToListAsync();
        Assert.Equal(
            [
                new { earnedBeforeScheduling.EntryId, MilligramsPerUnit = (long?)120_000, CreditHundredthsPerUnit = (long?)110, Milligrams = 120_000L, CreditHundredths = 110L },
                new { lastOldDay.EntryId, MilligramsPerUnit = (long?)120_000, CreditHundredthsPerUnit = (long?)110, Milligrams = 120_000L, CreditHundredths = 110L },
                new { firstNewDay.EntryId, MilligramsPerUnit = (long?)150_000, CreditHundredthsPerUnit = (long?)150, Milligrams = 150_000L, CreditHundredths = 150L },
            ],
            rows.Select(r => new { EntryId = r.Id, r.MilligramsPerUnit, r.CreditHundredthsPerUnit, r.Milligrams, r.CreditHundredths }));
        Assert.Equal(0, await db.CountAccountsOffTheirEntriesAsync());
    }

    [Fact]
    public async Task A_factor_effective_before_today_in_China_is_refused_with_bad_request_and_writes_nothing_even_while_it_is_still_that_day_in_UTC()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        // 07:00 on 19 March in Chongqing is 23:00 on the 18th in UTC.
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 19, 7, 0));

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.BadRequest, () => database.AsRequestAsync(_clock,
            s => s.Methodology.ScheduleAsync(Actors.MallAdmin, new FactorDraft(Methodology.BusRide, new DateOnly(2026, 3, 18), 150m, 1.5m, BilingualText.Of(null, NewBusSource)))));
    }

    [Fact]
    public async Task A_factor_may_take_effect_today_in_China_and_applies_to_the_rest_of_the_day()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 19, 7, 0));

        await database.AsRequestAsync(_clock, s => s.Methodology.ScheduleAsync(Actors.MallAdmin,
            new FactorDraft(Methodology.BusRide, new DateOnly(2026, 3, 19), 150m, 1.5m, BilingualText.Of(null, NewBusSource))));

        Assert.Equal(Credits.FromDecimal(1.5m), (await EarnBusRideAsync(database, citizen, _clock.UtcNow)).Credits);
        Assert.Equal(Credits.FromDecimal(1.1m), (await EarnBusRideAsync(database, citizen, ChinaTime.Utc(2026, 3, 18, 23, 59))).Credits);
    }

    [Theory]
    [InlineData(150, 1.38)] // 150 × 1.1 / 120 = 1.375: half rounds away from zero
    [InlineData(515.5, 4.73)] // 4.7254…
    [InlineData(45.72, 0.42)] // 0.4191
    public async Task Without_a_published_credit_rate_a_factor_earns_at_the_bus_rides_ratio_rounded_to_the_hundredth(decimal grams, decimal credits)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var today = PlatformTime.ChinaToday(_clock);

        await database.AsRequestAsync(_clock, s => s.Methodology.ScheduleAsync(Actors.MallAdmin,
            new FactorDraft(Methodology.MetroRide, today, grams, null, BilingualText.Of(null, "A revised metro study"))));

        var scheduled = Assert.Single(await database.AsRequestAsync(_clock, s => s.Methodology.ListScheduledAsync()));
        Assert.Equal((Methodology.MetroRide, today, CarbonMass.FromGrams(grams), Credits.FromDecimal(credits)),
            (scheduled.BehaviourCode, scheduled.EffectiveFrom, scheduled.ReductionPerUnit, scheduled.CreditsPerUnit));
        await using var db = database.CreateContext();
        var earned = await new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.MetroRide, 1, _clock.UtcNow));
        Assert.Equal(Credits.FromDecimal(credits), earned.Credits);
    }

    [Fact]
    public async Task Only_a_mall_admin_may_schedule_a_factor_anyone_else_is_forbidden_and_writes_nothing()
    {
        await using var database = await InitializedDatabase.CopyAsync();

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.Forbidden, () => database.AsRequestAsync(_clock,
            s => s.Methodology.ScheduleAsync(Actors.TransportOwner, new FactorDraft(Methodology.BusRide, new DateOnly(2026, 4, 1), 150m, 1.5m, BilingualText.Of(null, NewBusSource)))));
    }

    [Fact]
    public async Task A_factor_for_an_unknown_behaviour_is_refused_with_unknown_behaviour_and_writes_nothing()
    {
        await using var database = await InitializedDatabase.CopyAsync();

        await database.AssertRefusedWritingNothingAsync(ErrorCodes.UnknownBehaviour, () => database.AsRequestAsync(_clock,
            s => s.Methodology.ScheduleAsync(Actors.MallAdmin, new FactorDraft("hot_air_balloon", new DateOnly(2026, 4, 1), 150m, null, BilingualText.Of(null, NewBusSource)))));
    }

    private async Task<EarnResult> EarnBusRideAsync(TestDatabase database, Citizen citizen, DateTime occurredAtUtc)
    {
        await using var db = database.CreateContext();
        return await new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, occurredAtUtc));
    }
}
