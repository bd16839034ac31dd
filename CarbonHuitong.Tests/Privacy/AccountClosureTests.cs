using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Privacy;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Privacy;

/// <summary>
/// A citizen closes their account (PIPL): sign-in and personal fields go, the ledger entries stay under a pseudonym,
/// usable coupons are voided and the balance forfeited through the ledger's own entries, and every invariant holds.
/// </summary>
public abstract class AccountClosureTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    /// <summary>50 credits, two ¥2 coupons for 20 each, one used on a ride (earning 1.10): 11.10 left and one coupon unused.</summary>
    private async Task<(TestStore Database, Citizen Citizen, Validator Validator, MallItem Item, long UnusedCouponId)> RiderAsync()
    {
        var database = await stores.CreateAsync();
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        var item = await new MallBuilder().Priced(20m).WithStock(100).BuildAsync(database, _clock);
        var citizen = await database.WithPasswordAsync(_clock, await new CitizenBuilder().WithCredits(50m).BuildAsync(database, _clock));
        var first = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "first");
        var second = await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "second");
        var ride = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        var unused = ride.CouponId == first.Coupon.Id ? second.Coupon.Id : first.Coupon.Id;
        return (database, citizen, validator, item, unused);
    }

    [SkippableFact]
    public async Task Closing_voids_the_unused_coupon_forfeits_the_balance_through_the_ledger_and_every_invariant_holds()
    {
        var (database, citizen, _, _, unusedId) = await RiderAsync();
        await using var _ = database;

        var closed = await database.CloseAsync(_clock, citizen);

        Assert.Equal((1, 31.10m, false), (closed.CouponsVoided, closed.Forfeited.Value, closed.Replayed));
        Assert.StartsWith(AccountClosureService.PseudonymPrefix, closed.Pseudonym);
        await using var db = database.CreateContext();
        var account = await db.CarbonAccounts.AsNoTracking().SingleAsync(a => a.Id == citizen.AccountId);
        Assert.Equal((0L, _clock.UtcNow), (account.BalanceHundredths, account.ClosedAt));
        var coupons = await db.Coupons.AsNoTracking().Where(c => c.AccountId == citizen.AccountId).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(CouponStatus.Voided, coupons.Single(c => c.Id == unusedId).Status);
        Assert.Equal(CouponStatus.Used, coupons.Single(c => c.Id != unusedId).Status);
        var entries = await db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == citizen.AccountId).OrderBy(e => e.Id).ToListAsync();
        // The adjust, two spends and the ride stay; the void and the forfeit follow them.
        Assert.Equal([LedgerEntryKind.Adjust, LedgerEntryKind.Spend, LedgerEntryKind.Spend, LedgerEntryKind.Earn, LedgerEntryKind.Void, LedgerEntryKind.Forfeit],
            entries.Select(e => e.Kind));
        var voidEntry = entries[4];
        Assert.Equal((2000L, coupons.Single(c => c.Id == unusedId).Code), (voidEntry.CreditHundredths, voidEntry.Reference));
        Assert.Equal((-3110L, 0L), (entries[5].CreditHundredths, entries[5].BalanceAfterHundredths));
        var report = await new InvariantChecker(db).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(1, report[Invariant.VoidedCouponHasItsEntry].Checked);
        Assert.Equal(1, report[Invariant.ClosedAccountHoldsNothing].Checked);
    }

    [SkippableFact]
    public async Task Closing_erases_the_personal_fields_and_the_sign_in_and_audits_under_the_pseudonym()
    {
        var (database, citizen, _, _, _) = await RiderAsync();
        await using var _ = database;
        string stampBefore;
        await using (var before = database.CreateContext())
        {
            var user = await before.Users.SingleAsync(u => u.Id == citizen.UserId);
            stampBefore = user.SecurityStamp!;
            before.UserLogins.Add(new() { UserId = citizen.UserId, LoginProvider = "WeChat", ProviderKey = "wx-1", ProviderDisplayName = "WeChat" });
            before.UserTokens.Add(new() { UserId = citizen.UserId, LoginProvider = "WeChat", Name = "refresh", Value = "t" });
            await before.SaveChangesAsync();
        }

        var closed = await database.CloseAsync(_clock, citizen);

        await using var db = database.CreateContext();
        var erased = await db.Users.AsNoTracking().SingleAsync(u => u.Id == citizen.UserId);
        Assert.Equal((closed.Pseudonym, closed.Pseudonym.ToUpperInvariant()), (erased.UserName, erased.NormalizedUserName));
        Assert.All(new[] { erased.Email, erased.NormalizedEmail, erased.PhoneNumber, erased.Organization, erased.PasswordHash }, Assert.Null);
        Assert.NotEqual(stampBefore, erased.SecurityStamp);
        Assert.Equal(DateTimeOffset.MaxValue, erased.LockoutEnd);
        Assert.Equal(0, await db.UserLogins.CountAsync(l => l.UserId == citizen.UserId) + await db.UserTokens.CountAsync(t => t.UserId == citizen.UserId)
            + await db.UserRoles.CountAsync(r => r.UserId == citizen.UserId));
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AccountClosureService.AuditAction);
        Assert.Equal((citizen.UserId, closed.Pseudonym, citizen.AccountId.ToString()), (audit.ActorUserId, audit.ActorEmail, audit.EntityId));
        Assert.DoesNotContain("@", audit.After);
        // The account's row still belongs to the (pseudonymous) user, so the ledger keeps pointing somewhere.
        Assert.Equal(citizen.UserId, (await db.CarbonAccounts.AsNoTracking().SingleAsync(a => a.Id == citizen.AccountId)).UserId);
    }

    [SkippableFact]
    public async Task The_closed_citizens_earlier_audit_entries_keep_their_id_but_lose_the_email()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await database.WithPasswordAsync(_clock, await new CitizenBuilder().BuildAsync(database, _clock));
        var someone = await new CitizenBuilder().BuildAsync(database, _clock);
        var asAdmin = Closures.ActorOf(citizen) with { Roles = [Roles.MallAdmin] };
        await using (var db = database.CreateContext())
        {
            await CoreServices.Adjustments(db, _clock).AdjustAsync(asAdmin, someone.AccountId, Credits.FromDecimal(1m), "Goodwill");
        }

        var closed = await database.CloseAsync(_clock, citizen);

        await using var read = database.CreateContext();
        var adjusted = await read.AuditEntries.AsNoTracking().Where(e => e.ActorUserId == citizen.UserId).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, adjusted.Count);
        Assert.All(adjusted, e => Assert.Equal(closed.Pseudonym, e.ActorEmail));
        Assert.Equal(0, await read.AuditEntries.CountAsync(e => e.ActorEmail.Contains("@example.test") && e.ActorUserId == citizen.UserId));
    }

    [SkippableFact]
    public async Task A_retried_closure_answers_the_first_and_writes_nothing_more()
    {
        var (database, citizen, _, _, _) = await RiderAsync();
        await using var _ = database;
        var first = await database.CloseAsync(_clock, citizen);
        var entries = await CountAsync(database);

        // The password is gone by now; a retry needs none, as it changes nothing.
        var retry = await database.CloseAsync(_clock, citizen, password: null);

        Assert.Equal(first with { Replayed = true }, retry);
        Assert.Equal(entries, await CountAsync(database));
    }

    [SkippableFact]
    public async Task Five_parallel_closures_close_once()
    {
        var (database, citizen, _, _, _) = await RiderAsync();
        await using var _ = database;

        var outcomes = await Validator.InParallelAsync(5, _ => database.TryCloseAsync(_clock, citizen));

        Assert.Equal(1, outcomes.Count(o => o == "closed"));
        Assert.All(outcomes, o => Assert.Contains(o, new[] { "closed", "replayed" }));
        await using var db = database.CreateContext();
        Assert.Equal(2, await db.LedgerEntries.CountAsync(e => e.AccountId == citizen.AccountId && e.Source == AccountClosureService.LedgerSource));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AccountClosureService.AuditAction));
        var report = await new InvariantChecker(db).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }

    [SkippableFact]
    public async Task A_wrong_password_is_refused_with_wrong_password_and_closes_nothing()
    {
        var (database, citizen, _, _, _) = await RiderAsync();
        await using var _ = database;
        var entries = await CountAsync(database);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.CloseAsync(_clock, citizen, "not-my-password"));

        Assert.Equal(ErrorCodes.WrongPassword, refusal.Code);
        Assert.Equal(entries, await CountAsync(database));
        await using var db = database.CreateContext();
        Assert.Null((await db.CarbonAccounts.AsNoTracking().SingleAsync(a => a.Id == citizen.AccountId)).ClosedAt);
    }

    [SkippableFact]
    public async Task A_ride_code_of_a_closed_account_is_refused_with_account_closed_and_writes_nothing()
    {
        var (database, citizen, validator, _, _) = await RiderAsync();
        await using var _ = database;
        var codeShownBeforeClosing = validator.ScanOf(citizen.AccountId);
        await database.CloseAsync(_clock, citizen);

        await validator.AssertRefusedAndNothingWrittenAsync(codeShownBeforeClosing, ErrorCodes.AccountClosed, citizen.AccountId);
    }

    [SkippableFact]
    public async Task A_closed_account_cannot_redeem_or_earn()
    {
        var (database, citizen, _, item, _) = await RiderAsync();
        await using var _ = database;
        await database.CloseAsync(_clock, citizen);
        var entries = await CountAsync(database);

        Assert.Equal(ErrorCodes.AccountClosed, await database.TryRedeemAsync(_clock, citizen.AccountId, item.Id, "after-closing"));
        await using (var db = database.CreateContext())
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() =>
                new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Core.Behaviours.Methodology.BusRide, 1, _clock.UtcNow)));
            Assert.Equal(ErrorCodes.AccountClosed, refusal.Code);
        }
        Assert.Equal(entries, await CountAsync(database));
    }

    [SkippableFact]
    public async Task The_users_list_shows_a_closed_account_as_closed_with_no_personal_data_and_an_admin_cannot_reopen_it()
    {
        var (database, citizen, _, _, _) = await RiderAsync();
        await using var _ = database;
        await database.CloseAsync(_clock, citizen);

        var list = await database.AsRequestAsync(_clock, s => s.GetRequiredService<UserAdminService>().ListAsync(Actors.MallAdmin, null, 1, 100));

        var view = Assert.Single(list.Items, u => u.Id == citizen.UserId);
        Assert.Equal((true, "", 0, (string?)null), (view.Closed, view.Email, view.Roles.Count, view.Organization));
        foreach (var reopen in new Func<UserAdminService, Task>[]
                 {
                     admin => admin.UnlockAsync(Actors.MallAdmin, citizen.UserId),
                     admin => admin.SetRolesAsync(Actors.MallAdmin, citizen.UserId, [Roles.Citizen], null),
                 })
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() =>
                database.AsRequestAsync(_clock, async s => { await reopen(s.GetRequiredService<UserAdminService>()); return 0; }));
            Assert.Equal(ErrorCodes.AccountClosed, refusal.Code);
        }
    }

    private static async Task<long> CountAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        return await db.CountAllEntriesAsync() + await db.AuditEntries.LongCountAsync();
    }
}

public sealed class AccountClosureTestsOnSqlite() : AccountClosureTests(SqliteTestStores.Instance)
{
}

public sealed class AccountClosureTestsOnPostgres(PostgresTestStores postgres) : AccountClosureTests(postgres), IClassFixture<PostgresTestStores>
{
}
