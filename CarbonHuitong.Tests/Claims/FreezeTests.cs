using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Claims;

/// <summary>A frozen account earns and redeems nothing, from any source, while corrections still reach it; the citizen is told why.</summary>
public abstract class FreezeTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_frozen_account_is_refused_a_scan_a_redemption_and_a_partner_event_while_an_adjustment_goes_through()
    {
        await using var database = await stores.CreateAsync();
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        var item = await new MallBuilder().Priced(20m).BuildAsync(database, _clock);
        var partner = await new PartnerBuilder().Reporting(Methodology.MetroRide).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");

        await database.FreezeAsync(_clock, citizen.AccountId, "Rides reported from two cities at once");

        Assert.Equal(ErrorCodes.AccountFrozen, await validator.TryScanAsync(validator.ScanOf(citizen.AccountId)));
        Assert.Equal(ErrorCodes.AccountFrozen, await database.TryRedeemAsync(_clock, citizen.AccountId, item.Id, "r-1"));
        var sent = await database.SendAsync(_clock, partner, PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddMinutes(-5), "metro-1"));
        Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.AccountFrozen), (sent[0].Status, sent[0].Code));
        await using (var db = database.CreateContext())
            await CoreServices.Adjustments(db, _clock).AdjustAsync(Actors.MallAdmin, citizen.AccountId, Credits.FromDecimal(-5m), "Duplicate ride removed");

        await using var read = database.CreateContext();
        Assert.Equal(2_500, (await read.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal([LedgerEntryKind.Adjust, LedgerEntryKind.Adjust], await read.LedgerEntries.Where(e => e.AccountId == citizen.AccountId).Select(e => e.Kind).ToListAsync());
        Assert.Equal(0, await read.Coupons.CountAsync());
        Assert.True((await new InvariantChecker(read).CheckAsync()).AllHold);
    }

    [SkippableFact]
    public async Task Freezing_and_unfreezing_are_audited_told_to_the_citizen_and_the_account_earns_again()
    {
        await using var database = await stores.CreateAsync();
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        await database.FreezeAsync(_clock, citizen.AccountId, "Rides reported from two cities at once");
        await using (var db = database.CreateContext())
            Assert.Equal(new Core.Claims.AccountFreeze(_clock.UtcNow, "Rides reported from two cities at once"),
                await ClaimSetup.Freezes(db, _clock).FreezeOfAsync(citizen.AccountId));
        _clock.Advance(TimeSpan.FromDays(1));
        await database.UnfreezeAsync(_clock, citizen.AccountId, "Checked: a shared phone");

        Assert.Equal(Validator.Accepted, await validator.TryScanAsync(validator.ScanOf(citizen.AccountId)));
        await using var read = database.CreateContext();
        Assert.Null(await ClaimSetup.Freezes(read, _clock).FreezeOfAsync(citizen.AccountId));
        Assert.Equal(["account.freeze", "account.unfreeze"], await read.AuditEntries.Where(a => a.EntityType == nameof(CarbonAccount))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        var told = await read.Notifications.OrderBy(n => n.Id).Select(n => new { n.Kind, n.Detail }).ToListAsync();
        Assert.Equal([(NotificationKind.AccountFrozen, "Rides reported from two cities at once"), (NotificationKind.AccountUnfrozen, "Checked: a shared phone")],
            told.Select(n => (n.Kind, n.Detail)));
    }

    [SkippableFact]
    public async Task A_frozen_account_cannot_be_frozen_again_nor_an_open_one_unfrozen_nor_a_citizen_freeze_anyone()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var other = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.FreezeAsync(_clock, citizen.AccountId);

        var again = await ClaimSetup.RefusalOf(() => database.FreezeAsync(_clock, citizen.AccountId));
        var notFrozen = await ClaimSetup.RefusalOf(() => database.UnfreezeAsync(_clock, other.AccountId));
        var noReason = await ClaimSetup.RefusalOf(() => database.FreezeAsync(_clock, other.AccountId, "  "));
        var nobody = await ClaimSetup.RefusalOf(() => database.FreezeAsync(_clock, other.AccountId + 100));
        await using var db = database.CreateContext();
        var byCitizen = await ClaimSetup.RefusalOf(() => ClaimSetup.Freezes(db, _clock).FreezeAsync(Actors.Citizen, other.AccountId, "I do not like them"));

        Assert.Equal([ErrorCodes.InvalidState, ErrorCodes.InvalidState, ErrorCodes.BadRequest, ErrorCodes.AccountNotFound, ErrorCodes.Forbidden],
            new[] { again, notFrozen, noReason, nobody, byCitizen }.Select(r => r.Code));
        Assert.Equal(1, await db.Notifications.CountAsync());
        Assert.Equal(1, await db.CarbonAccounts.CountAsync(a => a.FrozenAt != null));
    }
}

public sealed class FreezeTestsOnSqlite() : FreezeTests(SqliteTestStores.Instance)
{
}

public sealed class FreezeTestsOnPostgres(PostgresTestStores postgres) : FreezeTests(postgres), IClassFixture<PostgresTestStores>
{
}
