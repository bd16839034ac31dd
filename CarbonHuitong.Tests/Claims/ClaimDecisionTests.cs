using CarbonHuitong.Core;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Claims;

/// <summary>A mall administrator approves a claim (an audited Adjust entry) or rejects it with a reason; the citizen is told either way.</summary>
public abstract class ClaimDecisionTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Approving_a_claim_grants_its_credits_by_an_audited_adjust_and_notifies_the_citizen_in_one_go()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(3m).BuildAsync(database, _clock);
        var filed = await database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-3)));
        _clock.Advance(TimeSpan.FromHours(5));

        var approved = await database.ApproveAsync(_clock, filed.Claim.Id, 1.10m, "Found in the bus log");

        Assert.Equal((ClaimStatus.Approved, Credits.FromDecimal(1.10m), "Found in the bus log", _clock.UtcNow),
            (approved.Status, approved.Granted, approved.DecisionReason, approved.DecidedAtUtc));
        await using var db = database.CreateContext();
        var claim = await db.Claims.SingleAsync();
        var entry = await db.LedgerEntries.SingleAsync(e => e.Id == claim.AdjustEntryId);
        Assert.Equal((LedgerEntryKind.Adjust, citizen.AccountId, 110L, "Found in the bus log", Actors.MallAdmin.UserId),
            (entry.Kind, entry.AccountId, entry.CreditHundredths, entry.Description, entry.ActorUserId));
        Assert.Equal(410, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(["claim.approve", "ledger.adjust"], await db.AuditEntries.Where(a => a.At == _clock.UtcNow).Select(a => a.Action).OrderBy(a => a).ToListAsync());
        var told = await db.Notifications.SingleAsync();
        Assert.Equal((citizen.AccountId, NotificationKind.ClaimApproved, $"claim-approved/{claim.Id}", 110L, claim.Id.ToString(), "Found in the bus log"),
            (told.AccountId, told.Kind, told.FactKey, told.CreditHundredths, told.Subject, told.Detail));
        Assert.True((await new InvariantChecker(db).CheckAsync()).AllHold);
    }

    [SkippableFact]
    public async Task Rejecting_a_claim_keeps_the_reason_writes_no_entry_and_notifies_the_citizen()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var filed = await database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-1)));

        var rejected = await database.RejectAsync(_clock, filed.Claim.Id, "No bus on line 108 at that hour");

        Assert.Equal((ClaimStatus.Rejected, "No bus on line 108 at that hour", (Credits?)null), (rejected.Status, rejected.DecisionReason, rejected.Granted));
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.CountEntriesAsync(citizen.AccountId));
        Assert.Equal("claim.reject", (await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(Claim))).Action);
        var told = await db.Notifications.SingleAsync();
        Assert.Equal((NotificationKind.ClaimRejected, $"claim-rejected/{filed.Claim.Id}", (long?)null, "No bus on line 108 at that hour"),
            (told.Kind, told.FactKey, told.CreditHundredths, told.Detail));
        var decided = await ClaimSetup.Claims(db, _clock).ListDecidedAsync(Actors.MallAdmin, ClaimStatus.Rejected, 1, 20);
        Assert.Equal([filed.Claim.Id], decided.Items.Select(c => c.Id));
        Assert.Empty((await ClaimSetup.Claims(db, _clock).ListDecidedAsync(Actors.MallAdmin, ClaimStatus.Approved, 1, 20)).Items);
    }

    [SkippableFact]
    public async Task A_decided_claim_cannot_be_decided_again_and_nothing_more_is_written()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var filed = await database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-1)));
        await database.ApproveAsync(_clock, filed.Claim.Id, 1.10m);

        var approveAgain = await ClaimSetup.RefusalOf(() => database.ApproveAsync(_clock, filed.Claim.Id, 1.10m));
        var reject = await ClaimSetup.RefusalOf(() => database.RejectAsync(_clock, filed.Claim.Id));

        Assert.Equal((ErrorCodes.InvalidState, ErrorCodes.InvalidState), (approveAgain.Code, reject.Code));
        await using var db = database.CreateContext();
        Assert.Equal((1L, 1, 2), (await db.CountEntriesAsync(citizen.AccountId), await db.Notifications.CountAsync(), await db.AuditEntries.CountAsync()));
        Assert.Equal(ClaimStatus.Approved, (await db.Claims.SingleAsync()).Status);
    }

    [SkippableFact]
    public async Task Ten_parallel_approvals_of_one_claim_by_two_administrators_grant_it_once()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var filed = await database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-1)));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => ClaimSetup.OutcomeOf(() =>
            database.ApproveAsync(_clock, filed.Claim.Id, 2m, $"Approved by #{i}", i % 2 == 0 ? Actors.MallAdmin : Actors.SecondMallAdmin)))));

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(9, outcomes.Count(o => o == ErrorCodes.InvalidState));
        await using var db = database.CreateContext();
        Assert.Equal(200, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
        Assert.Equal(1, await db.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(1, await db.Notifications.CountAsync());
        Assert.True((await new InvariantChecker(db).CheckAsync()).AllHold);
    }

    [SkippableFact]
    public async Task Only_a_mall_administrator_decides_and_an_approval_grants_more_than_zero()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var filed = await database.FileAsync(_clock, citizen.AccountId, ClaimSetup.MissingRide(_clock.UtcNow.AddDays(-1)));

        var byCitizen = await ClaimSetup.RefusalOf(() => database.ApproveAsync(_clock, filed.Claim.Id, 1m, admin: Actors.Citizen));
        var nothing = await ClaimSetup.RefusalOf(() => database.ApproveAsync(_clock, filed.Claim.Id, 0m));
        var unknown = await ClaimSetup.RefusalOf(() => database.RejectAsync(_clock, filed.Claim.Id + 1));

        Assert.Equal((ErrorCodes.Forbidden, ErrorCodes.InvalidAmount, ErrorCodes.NotFound), (byCitizen.Code, nothing.Code, unknown.Code));
        await using var db = database.CreateContext();
        Assert.Equal(ClaimStatus.Open, (await db.Claims.SingleAsync()).Status);
        Assert.Equal(0, await db.CountEntriesAsync(citizen.AccountId));
    }
}

public sealed class ClaimDecisionTestsOnSqlite() : ClaimDecisionTests(SqliteTestStores.Instance)
{
}

public sealed class ClaimDecisionTestsOnPostgres(PostgresTestStores postgres) : ClaimDecisionTests(postgres), IClassFixture<PostgresTestStores>
{
}
