using System.Text.Json;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Privacy;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Behaviours.Partners;

/// <summary>
/// The partners' side of PIPL: raw events go after <c>Retention:PartnerEventDays</c> (the credits stay in the ledger),
/// spent link codes are cleaned up, and the citizen's data export lists each consent.
/// </summary>
public abstract class PartnerPrivacyTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Raw_events_go_after_their_period_and_expired_codes_a_day_after_expiry_while_the_ledger_keeps_the_credits()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");
        await database.SendAsync(_clock, partner, PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddHours(-1), "old"));
        await using (var db = database.CreateContext()) await PartnerSetup.Links(db, _clock).IssueCodeAsync(
            (await new CitizenBuilder().BuildAsync(database, _clock)).AccountId, partner.Code);
        _clock.Advance(TimeSpan.FromDays(60));
        await database.SendAsync(_clock, partner, PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddHours(-1), "recent"));
        _clock.Advance(TimeSpan.FromDays(31));

        RetentionReport report;
        await using (var db = database.CreateContext())
            report = await new RetentionService(db, Options.Create(new RetentionOptions()), _clock, [new PartnerEventRetention()]).RunAsync();

        // The old event and both link codes (the redeemed one and the one never used).
        Assert.Equal(("partner events", 3), report.Erased[^1]);
        await using var check = database.CreateContext();
        Assert.Equal(["recent"], await check.PartnerEvents.Select(e => e.EventId).ToListAsync());
        Assert.Equal(2, await check.LedgerEntries.CountAsync(e => e.AccountId == citizen.AccountId));
        Assert.Equal(0, await check.PartnerLinkCodes.CountAsync());
        Assert.Equal(1, await check.PartnerLinks.CountAsync());
    }

    [SkippableFact]
    public async Task The_data_export_lists_each_consent_with_its_partner_behaviours_and_when_it_was_given_and_withdrawn()
    {
        await using var database = await stores.CreateAsync();
        var metro = await new PartnerBuilder().Reporting(Methodology.MetroRide).BuildAsync(database, _clock);
        var bikes = await new PartnerBuilder().Reporting(Methodology.SharedBicycle, Methodology.Walking).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var other = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, metro, citizen.AccountId, "m-7");
        await database.LinkAsync(_clock, bikes, citizen.AccountId, "b-7");
        await database.LinkAsync(_clock, metro, other.AccountId, "m-8");
        _clock.Advance(TimeSpan.FromHours(1));
        await using (var db = database.CreateContext()) await PartnerSetup.Links(db, _clock).RevokeAsync(citizen.AccountId, bikes.Code, deleteEvents: true);

        using var output = new MemoryStream();
        await using (var db = database.CreateContext())
            await new PersonalDataExport(db, _clock).WriteAsync(Privacy.Closures.ActorOf(citizen), output);

        var consents = JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("consents").EnumerateArray().ToList();
        Assert.Equal([(metro.Code, "m-7"), (bikes.Code, "b-7")], consents.Select(c => (c.GetProperty("partner").GetString(), c.GetProperty("partnerUserId").GetString())));
        Assert.Equal([Methodology.SharedBicycle, Methodology.Walking], consents[1].GetProperty("behaviours").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal(JsonValueKind.Null, consents[0].GetProperty("withdrawnAt").ValueKind);
        Assert.Equal(_clock.UtcNow, consents[1].GetProperty("withdrawnAt").GetDateTime());
        Assert.Equal(_clock.UtcNow, consents[1].GetProperty("partnerEventsDeletedAt").GetDateTime());
        Assert.StartsWith("测试伙伴", consents[0].GetProperty("partnerNameZh").GetString());
    }
}

public sealed class PartnerPrivacyTestsOnSqlite() : PartnerPrivacyTests(SqliteTestStores.Instance);

public sealed class PartnerPrivacyTestsOnPostgres(PostgresTestStores postgres) : PartnerPrivacyTests(postgres), IClassFixture<PostgresTestStores>;
