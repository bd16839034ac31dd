using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Tests.Privacy;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Claims;

/// <summary>A citizen claims a missing ride within the claim window, or appeals a partner event the platform did not fully count.</summary>
public abstract class ClaimFilingTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_ride_missed_six_days_ago_is_filed_open_and_shown_to_the_citizen_and_in_the_queue()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var boarded = _clock.UtcNow.AddDays(-6);

        var filed = await database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(boarded), "claim-1");

        Assert.False(filed.Replayed);
        Assert.Equal((ClaimStatus.Open, ClaimKind.MissingRide, boarded, ClaimSetup.Where, Methodology.BusRide),
            (filed.Claim.Status, filed.Claim.Kind, filed.Claim.OccurredAtUtc, filed.Claim.Place, filed.Claim.BehaviourCode));
        await using var db = database.CreateContext();
        var mine = await ClaimSetup.Claims(db, _clock).ListMineAsync(citizen.AccountId, 1, 20);
        var queue = await ClaimSetup.Claims(db, _clock).ListOpenAsync(Actors.MallAdmin, 1, 20);
        Assert.Equal([filed.Claim.Id], mine.Items.Select(c => c.Id));
        Assert.Equal($"{citizen.UserName}@example.test", Assert.Single(queue.Items).Email);
        Assert.Empty((await ClaimSetup.Claims(db, _clock).ListDecidedAsync(Actors.MallAdmin, null, 1, 20)).Items);
    }

    [SkippableFact]
    public async Task A_ride_eight_days_ago_is_refused_with_claim_window_closed_and_nothing_is_filed()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        var refusal = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-8))));

        Assert.Equal(ErrorCodes.ClaimWindowClosed, refusal.Code);
        await AssertNoClaimsAsync(database);
    }

    [SkippableFact]
    public async Task A_ride_an_hour_from_now_is_refused_and_nothing_is_filed()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        var refusal = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddHours(1))));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
        Assert.Contains("future", refusal.Message);
        await AssertNoClaimsAsync(database);
    }

    [SkippableFact]
    public async Task A_claim_naming_a_behaviour_or_partner_that_does_not_exist_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var yesterday = _clock.UtcNow.AddDays(-1);

        var behaviour = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, citizen.AccountId,
            ClaimSetup.MissingRide(yesterday) with { BehaviourCode = "teleporting" }));
        var partner = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, citizen.AccountId,
            new ClaimDraft(ClaimKind.MissingEvent, yesterday, "Bike app", "My ride is not there", Methodology.SharedBicycle, "no-such-app")));

        Assert.Equal(ErrorCodes.UnknownBehaviour, behaviour.Code);
        Assert.Equal(ErrorCodes.NotFound, partner.Code);
        await AssertNoClaimsAsync(database);
    }

    [SkippableFact]
    public async Task Ten_parallel_submits_with_one_request_id_file_one_claim_and_all_answer_it()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var draft = ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-2));

        var filed = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => database.FileAsync(_clock, citizen.AccountId, draft, "double-click"))));
        var retry = await database.FileAsync(_clock, citizen.AccountId, draft, "double-click");

        Assert.Single(filed.Select(f => f.Claim.Id).Append(retry.Claim.Id).Distinct());
        Assert.Single(filed, f => !f.Replayed);
        Assert.True(retry.Replayed);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Claims.CountAsync());
    }

    [SkippableFact]
    public async Task A_frozen_account_and_a_closed_one_cannot_file_a_claim()
    {
        await using var database = await stores.CreateAsync();
        var frozen = await new CitizenBuilder().BuildAsync(database, _clock);
        var closed = await database.WithPasswordAsync(_clock, await new CitizenBuilder().BuildAsync(database, _clock));
        await database.FreezeAsync(_clock, frozen.AccountId);
        await database.CloseAsync(_clock, closed);

        var whileFrozen = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, frozen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-1))));
        var afterClosing = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, closed.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-1))));

        Assert.Equal((ErrorCodes.AccountFrozen, ErrorCodes.AccountClosed), (whileFrozen.Code, afterClosing.Code));
        await AssertNoClaimsAsync(database);
    }

    [SkippableFact]
    public async Task A_metro_ride_counted_elsewhere_and_a_walk_credited_only_up_to_the_cap_can_be_appealed_at_the_events_own_time()
    {
        await using var database = await stores.CreateAsync();
        var world = await AppealWorld.BuildAsync(database, _clock);

        var counted = await database.FileAsync(_clock, world.Citizen.AccountId, ClaimSetup.Appeal(world.App.Code, "app-metro-1"));
        var capped = await database.FileAsync(_clock, world.Citizen.AccountId, ClaimSetup.Appeal(world.Metro.Code, "walk-1"));

        Assert.Equal((PartnerEventCodes.CountedElsewhere, Methodology.MetroRide, world.EventTime.AddMinutes(1), world.App.Code),
            (counted.Claim.AppealedCode, counted.Claim.BehaviourCode, counted.Claim.OccurredAtUtc, counted.Claim.Place));
        Assert.Equal((PartnerEventCodes.DailyCap, Methodology.Walking), (capped.Claim.AppealedCode, capped.Claim.BehaviourCode));
    }

    [SkippableFact]
    public async Task An_appeal_of_an_event_counted_in_full_of_another_citizens_event_or_one_already_appealed_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var world = await AppealWorld.BuildAsync(database, _clock);
        var other = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.FileAsync(_clock, world.Citizen.AccountId, ClaimSetup.Appeal(world.App.Code, "app-metro-1"));

        var countedInFull = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, world.Citizen.AccountId, ClaimSetup.Appeal(world.Metro.Code, "metro-1")));
        var notTheirs = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, other.AccountId, ClaimSetup.Appeal(world.Metro.Code, "walk-1")));
        var again = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, world.Citizen.AccountId, ClaimSetup.Appeal(world.App.Code, "app-metro-1")));
        var withoutEvent = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, world.Citizen.AccountId, ClaimSetup.Appeal(world.App.Code, " ")));

        Assert.Equal(ErrorCodes.InvalidEvent, countedInFull.Code);
        Assert.Contains("answered accepted", countedInFull.Message);
        Assert.Equal(ErrorCodes.NotFound, notTheirs.Code);
        Assert.Equal(ErrorCodes.InvalidState, again.Code);
        Assert.Equal(ErrorCodes.BadRequest, withoutEvent.Code);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Claims.CountAsync());
    }

    [SkippableFact]
    public async Task An_appeal_of_an_event_older_than_the_claim_window_is_refused()
    {
        await using var database = await stores.CreateAsync();
        var world = await AppealWorld.BuildAsync(database, _clock);
        _clock.Advance(TimeSpan.FromDays(8));

        var refusal = await ClaimSetup.RefusalOf(() => database.FileAsync(_clock, world.Citizen.AccountId, ClaimSetup.Appeal(world.Metro.Code, "walk-1")));

        Assert.Equal(ErrorCodes.ClaimWindowClosed, refusal.Code);
    }

    private static async Task AssertNoClaimsAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Claims.CountAsync());
    }
}

/// <summary>
/// A citizen linked to a metro app and a ride-code app, two hours ago: a metro ride the metro app reported and the
/// other app then reported too (counted elsewhere), and a long walk credited only up to the daily cap.
/// </summary>
internal sealed record AppealWorld(Citizen Citizen, TestPartner Metro, TestPartner App, DateTime EventTime)
{
    public static async Task<AppealWorld> BuildAsync(TestStore database, TestClock clock)
    {
        var metro = await new PartnerBuilder().Reporting(Methodology.MetroRide, Methodology.Walking).BuildAsync(database, clock);
        var app = await new PartnerBuilder().Reporting(Methodology.MetroRide).BuildAsync(database, clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, clock);
        await database.LinkAsync(clock, metro, citizen.AccountId, "m");
        await database.LinkAsync(clock, app, citizen.AccountId, "a");
        var earlier = clock.UtcNow.AddHours(-2);
        var sent = await database.SendAsync(clock, metro, PartnerSetup.Event("m", Methodology.MetroRide, 1, earlier, "metro-1"),
            PartnerSetup.Event("m", Methodology.Walking, 20, earlier, "walk-1"));
        var again = await database.SendAsync(clock, app, PartnerSetup.Event("a", Methodology.MetroRide, 1, earlier.AddMinutes(1), "app-metro-1"));
        Assert.Equal([null, PartnerEventCodes.DailyCap, PartnerEventCodes.CountedElsewhere], sent.Concat(again).Select(r => r.Code));
        return new AppealWorld(citizen, metro, app, earlier);
    }
}

public sealed class ClaimFilingTestsOnSqlite() : ClaimFilingTests(SqliteTestStores.Instance)
{
}

public sealed class ClaimFilingTestsOnPostgres(PostgresTestStores postgres) : ClaimFilingTests(postgres), IClassFixture<PostgresTestStores>
{
}
