using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Lifecycle;

/// <summary>
/// A partner's pending events: held (shown, not spendable, no grams), then confirmed by the partner or the lifecycle
/// job, or reversed; each settled once, by one entry of the same amount.
/// </summary>
public abstract class PendingCreditsTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    private sealed record World(TestStore Database, Citizen Citizen, TestPartner Partner);

    private async Task<World> LinkedAsync(TestStore database)
    {
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var partner = await new PartnerBuilder().Reporting(Methodology.BusRide, Methodology.TakeawayWithoutUtensils).BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "user-1");
        return new World(database, citizen, partner);
    }

    private PartnerEventInput Pending(string eventId, decimal rides = 10) =>
        PartnerSetup.Event("user-1", Methodology.BusRide, rides, _clock.UtcNow.AddHours(-1), eventId) with { Pending = true };

    private static PartnerSettlements Settlements(CarbonDbContext db, TimeProvider clock) =>
        new(db, CoreServices.Pending(db, clock), clock);

    private async Task<IReadOnlyList<Settlement>> ConfirmAsync(World world, params string[] eventIds)
    {
        await using var db = world.Database.CreateContext();
        return await Settlements(db, _clock).ConfirmAsync(world.Partner.Identity, eventIds);
    }

    private async Task<IReadOnlyList<Settlement>> ReverseAsync(World world, params string[] eventIds)
    {
        await using var db = world.Database.CreateContext();
        return await Settlements(db, _clock).ReverseAsync(world.Partner.Identity, eventIds);
    }

    private static async Task<(long Balance, long Pending, long Milligrams, long Earned)> TotalsAsync(World world)
    {
        await using var db = world.Database.CreateContext();
        return await db.CarbonAccounts.Where(a => a.Id == world.Citizen.AccountId)
            .Select(a => new ValueTuple<long, long, long, long>(a.BalanceHundredths, a.PendingHundredths, a.ReducedMilligrams, a.EarnedHundredths))
            .SingleAsync();
    }

    private static async Task AssertInvariantsHoldAsync(World world)
    {
        await using var db = world.Database.CreateContext();
        var report = await new InvariantChecker(db).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }

    [SkippableFact]
    public async Task A_pending_event_is_held_apart_from_the_balance_with_no_grams_and_cannot_be_spent()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);

        var result = Assert.Single(await database.SendAsync(_clock, world.Partner, Pending("order-1")));

        Assert.Equal((PartnerEventStatus.Accepted, true, 1_100), (result.Status, result.Pending, result.Credits!.Value.Hundredths));
        Assert.Equal((0L, 1_100L, 0L, 0L), await TotalsAsync(world));
        await using (var db = database.CreateContext())
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() =>
                new TestLedger(db, _clock).SpendAsync(world.Citizen.AccountId, Credits.FromDecimal(1m), "A coupon", null));
            Assert.Equal(ErrorCodes.InsufficientCredits, refusal.Code);
            Assert.Equal(0, await db.AccountDailyReductions.CountAsync(d => d.AccountId == world.Citizen.AccountId));
        }
        await AssertInvariantsHoldAsync(world);
    }

    [SkippableFact]
    public async Task Confirming_makes_the_credits_spendable_and_counts_the_grams_once_however_often_it_is_sent()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);
        await database.SendAsync(_clock, world.Partner, Pending("order-1"));

        var first = await ConfirmAsync(world, "order-1");
        var again = await ConfirmAsync(world, "order-1", "order-1");

        Assert.Equal(SettlementOutcome.Confirmed, Assert.Single(first).Outcome);
        Assert.All(again, s => Assert.Equal(SettlementOutcome.Confirmed, s.Outcome));
        Assert.Equal((1_100L, 0L, 1_200_000L, 1_100L), await TotalsAsync(world));
        await using (var db = database.CreateContext())
        {
            var confirmation = await db.LedgerEntries.SingleAsync(e => e.SettlesEntryId != null);
            Assert.Equal(LedgerEntryKind.Earn, confirmation.Kind);
            Assert.Equal(_clock.UtcNow.AddHours(-1), confirmation.OccurredAt);
            Assert.Equal(1_200_000, await db.AccountDailyReductions.Where(d => d.AccountId == world.Citizen.AccountId).SumAsync(d => d.Milligrams));
        }
        await AssertInvariantsHoldAsync(world);
    }

    [SkippableFact]
    public async Task Reversing_removes_the_held_credits_and_a_reversal_after_confirmation_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);
        await database.SendAsync(_clock, world.Partner, Pending("order-1"), Pending("order-2", 5));
        await ConfirmAsync(world, "order-2");

        var reversed = await ReverseAsync(world, "order-1", "order-2", "order-1", "never-sent");

        Assert.Equal([SettlementOutcome.Reversed, SettlementOutcome.AlreadyConfirmed, SettlementOutcome.Reversed, SettlementOutcome.UnknownEvent],
            reversed.Select(r => r.Outcome));
        Assert.Equal(SettlementOutcome.AlreadyReversed, Assert.Single(await ConfirmAsync(world, "order-1")).Outcome);
        Assert.Equal((550L, 0L, 600_000L, 550L), await TotalsAsync(world));
        await AssertInvariantsHoldAsync(world);
    }

    [SkippableFact]
    public async Task An_event_credited_outright_is_not_pending_and_stays_as_it_was()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);
        await database.SendAsync(_clock, world.Partner, Pending("ride-1") with { Pending = false });

        var settled = await ReverseAsync(world, "ride-1");

        Assert.Equal(SettlementOutcome.NotPending, Assert.Single(settled).Outcome);
        Assert.Equal((1_100L, 0L, 1_200_000L, 1_100L), await TotalsAsync(world));
    }

    [SkippableFact]
    public async Task The_job_confirms_what_the_partner_left_unsettled_past_its_window_and_not_before()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);
        await database.SendAsync(_clock, world.Partner, Pending("order-1"));
        _clock.Advance(TimeSpan.FromHours(1));
        await database.SendAsync(_clock, world.Partner, Pending("order-2", 5));

        _clock.Advance(TimeSpan.FromHours(71.5));
        await using (var db = database.CreateContext())
            Assert.Equal(1, await Settlements(db, _clock).ConfirmOverdueAsync());
        Assert.Equal((1_100L, 550L, 1_200_000L, 1_100L), await TotalsAsync(world));

        _clock.Advance(TimeSpan.FromHours(1));
        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await Settlements(db, _clock).ConfirmOverdueAsync());
            Assert.Equal(0, await Settlements(db, _clock).ConfirmOverdueAsync());
        }
        Assert.Equal((1_650L, 0L, 1_800_000L, 1_650L), await TotalsAsync(world));
        await AssertInvariantsHoldAsync(world);
    }

    [SkippableFact]
    public async Task Twenty_parallel_confirmations_and_reversals_of_one_event_settle_it_once()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);
        await database.SendAsync(_clock, world.Partner, Pending("order-1"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            Assert.Single(i % 2 == 0 ? await ConfirmAsync(world, "order-1") : await ReverseAsync(world, "order-1")).Outcome)));

        await using var db = database.CreateContext();
        var settlement = await db.LedgerEntries.SingleAsync(e => e.SettlesEntryId != null);
        var confirmed = settlement.Kind == LedgerEntryKind.Earn;
        Assert.Equal(10, outcomes.Count(o => o == (confirmed ? SettlementOutcome.Confirmed : SettlementOutcome.Reversed)));
        Assert.Equal(10, outcomes.Count(o => o == (confirmed ? SettlementOutcome.AlreadyConfirmed : SettlementOutcome.AlreadyReversed)));
        Assert.Equal(0L, (await TotalsAsync(world)).Pending);
        await AssertInvariantsHoldAsync(world);
    }

    [SkippableFact]
    public async Task A_frozen_account_waits_for_its_confirmation_but_can_be_reversed()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);
        await database.SendAsync(_clock, world.Partner, Pending("order-1"), Pending("order-2"));
        await using (var db = database.CreateContext())
            await db.Database.ExecuteSqlAsync($"""UPDATE "CarbonAccounts" SET "FrozenAt" = {_clock.UtcNow}, "FrozenReason" = 'Checking' WHERE "Id" = {world.Citizen.AccountId}""");

        Assert.Equal(SettlementOutcome.AccountFrozen, Assert.Single(await ConfirmAsync(world, "order-1")).Outcome);
        Assert.Equal(SettlementOutcome.Reversed, Assert.Single(await ReverseAsync(world, "order-2")).Outcome);
        var refused = Assert.Single(await database.SendAsync(_clock, world.Partner, Pending("order-3")));

        Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.AccountFrozen), (refused.Status, refused.Code));
        Assert.Equal((0L, 1_100L, 0L, 0L), await TotalsAsync(world));
        await AssertInvariantsHoldAsync(world);
    }

    [SkippableFact]
    public async Task A_settlement_of_more_events_than_a_call_may_carry_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var world = await LinkedAsync(database);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            ConfirmAsync(world, Enumerable.Range(0, PendingCredits.MaxEventsPerCall + 1).Select(i => $"e{i}").ToArray()));

        Assert.Equal(ErrorCodes.TooManyEvents, refusal.Code);
    }
}

public sealed class PendingCreditsTestsOnSqlite() : PendingCreditsTests(SqliteTestStores.Instance)
{
}

public sealed class PendingCreditsTestsOnPostgres(PostgresTestStores postgres) : PendingCreditsTests(postgres), IClassFixture<PostgresTestStores>
{
}
