using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Behaviours.Partners;

/// <summary>Consent: a one-time code from the citizen, redeemed by the partner for its user, revocable by the citizen.</summary>
public abstract class PartnerLinkTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_code_is_eight_readable_characters_valid_ten_minutes_and_kept_only_as_a_hash()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        var issued = await PartnerSetup.Links(db, _clock).IssueCodeAsync(citizen.AccountId, partner.Code);

        Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", issued.LinkCode);
        Assert.Equal(_clock.UtcNow.AddMinutes(10), issued.ExpiresAt);
        var stored = await db.PartnerLinkCodes.AsNoTracking().SingleAsync();
        Assert.Equal(PartnerLinkCode.Hash(issued.LinkCode), stored.CodeHash);
        Assert.DoesNotContain(issued.LinkCode.Replace("-", ""), System.Text.Encoding.ASCII.GetString(stored.CodeHash));
    }

    [SkippableFact]
    public async Task The_partner_redeems_a_code_typed_in_lower_case_and_without_the_dash_and_a_retry_answers_the_same()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var issued = await PartnerSetup.Links(db, _clock).IssueCodeAsync(citizen.AccountId, partner.Code);
        var typed = issued.LinkCode.Replace("-", "").ToLowerInvariant();

        var first = await PartnerSetup.Links(db, _clock).RedeemAsync(partner.Identity, typed, "user-42");
        var retry = await PartnerSetup.Links(db, _clock).RedeemAsync(partner.Identity, issued.LinkCode, "user-42");

        Assert.Equal(new LinkRedemption("user-42", Created: true), first);
        Assert.Equal(new LinkRedemption("user-42", Created: false), retry);
        var link = await db.PartnerLinks.AsNoTracking().SingleAsync();
        Assert.Equal((partner.Code, "user-42", citizen.AccountId, _clock.UtcNow, (DateTime?)null),
            (link.PartnerCode, link.PartnerUserId, link.AccountId, link.LinkedAt, link.RevokedAt));
    }

    [SkippableFact]
    public async Task An_expired_a_reused_an_unknown_or_another_partners_code_is_refused_and_links_nothing()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var other = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var links = PartnerSetup.Links(db, _clock);
        var expiring = await links.IssueCodeAsync(citizen.AccountId, partner.Code);
        var forOther = await links.IssueCodeAsync(citizen.AccountId, other.Code);
        _clock.Advance(TimeSpan.FromMinutes(10));
        var used = await links.IssueCodeAsync(citizen.AccountId, partner.Code);
        await links.RedeemAsync(partner.Identity, used.LinkCode, "first-user");
        await links.RevokeAsync(citizen.AccountId, partner.Code, deleteEvents: false);

        foreach (var (code, user) in new[] { (expiring.LinkCode, "u"), (used.LinkCode, "second-user"), ("2345-6789", "u"), (forOther.LinkCode, "u"),
                     ("not a code at all", "u"), ("", "u") })
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() => links.RedeemAsync(partner.Identity, code, user));
            Assert.Equal(ErrorCodes.InvalidLinkCode, refusal.Code);
        }
        Assert.Equal(1, await db.PartnerLinks.CountAsync());
    }

    [SkippableFact]
    public async Task A_partner_user_already_linked_to_someone_else_and_a_citizen_already_linked_are_refused_already_linked()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var alice = await new CitizenBuilder().BuildAsync(database, _clock);
        var bob = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, alice.AccountId, "shared-phone");
        await using var db = database.CreateContext();
        var links = PartnerSetup.Links(db, _clock);
        var bobs = await links.IssueCodeAsync(bob.AccountId, partner.Code);

        var sameUser = await Assert.ThrowsAsync<DomainException>(() => links.RedeemAsync(partner.Identity, bobs.LinkCode, "shared-phone"));
        var aliceAgain = await Assert.ThrowsAsync<DomainException>(() => links.IssueCodeAsync(alice.AccountId, partner.Code));

        Assert.Equal((ErrorCodes.AlreadyLinked, ErrorCodes.AlreadyLinked), (sameUser.Code, aliceAgain.Code));
        var link = await db.PartnerLinks.AsNoTracking().SingleAsync();
        Assert.Equal(alice.AccountId, link.AccountId);
        // Bob's code was not spent by the refusal: he can still link his own user with it.
        Assert.True((await links.RedeemAsync(partner.Identity, bobs.LinkCode, "bobs-phone")).Created);
    }

    [SkippableFact]
    public async Task A_citizen_who_revoked_can_consent_again_and_events_flow_from_then_on()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");
        await using (var db = database.CreateContext()) await PartnerSetup.Links(db, _clock).RevokeAsync(citizen.AccountId, partner.Code, false);
        var refused = await database.SendAsync(_clock, partner, PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddMinutes(-5)));

        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");
        var accepted = await database.SendAsync(_clock, partner, PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddMinutes(-1)));

        Assert.Equal(PartnerEventCodes.ConsentRevoked, refused[0].Code);
        Assert.Equal(PartnerEventStatus.Accepted, accepted[0].Status);
        await using var check = database.CreateContext();
        var links = await PartnerSetup.Links(check, _clock).ListAsync(citizen.AccountId);
        var link = Assert.Single(links);
        Assert.Equal((null, 1, Core.Ledger.Credits.FromDecimal(4.73m)), (link.RevokedAt, link.Events, link.Credits));
    }

    [SkippableFact]
    public async Task A_suspended_partner_takes_no_new_links_and_closing_the_account_withdraws_every_consent()
    {
        await using var database = await stores.CreateAsync();
        var suspended = await new PartnerBuilder().BuildAsync(database, _clock);
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");
        await using (var db = database.CreateContext()) await PartnerSetup.Admin(db, _clock).SuspendAsync(Actors.MallAdmin, suspended.Code);

        await using (var db = database.CreateContext())
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() => PartnerSetup.Links(db, _clock).IssueCodeAsync(citizen.AccountId, suspended.Code));
            Assert.Equal(ErrorCodes.NotFound, refusal.Code);
        }
        await Privacy.Closures.CloseAsync(database, _clock, await Privacy.Closures.WithPasswordAsync(database, _clock, citizen));
        var after = await database.SendAsync(_clock, partner, PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddMinutes(-1)));

        Assert.Equal(PartnerEventCodes.ConsentRevoked, after[0].Code);
        await using var check = database.CreateContext();
        Assert.NotNull((await check.PartnerLinks.AsNoTracking().SingleAsync()).RevokedAt);
    }
}

public sealed class PartnerLinkTestsOnSqlite() : PartnerLinkTests(SqliteTestStores.Instance);

public sealed class PartnerLinkTestsOnPostgres(PostgresTestStores postgres) : PartnerLinkTests(postgres), IClassFixture<PostgresTestStores>;
