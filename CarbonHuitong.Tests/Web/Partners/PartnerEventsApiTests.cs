using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// The signed partner API over HTTP, on both stores: a batch answered event by event, in order, with every refusal
/// code; resends and parallel copies that have the effect of one; the link code; the nightly reconciliation CSV.
/// </summary>
public abstract class PartnerEventsApiTests(ITestStores stores) : IAsyncLifetime
{
    private PartnerHost _host = null!;

    // Yesterday, China time: wholly in the past and inside the 7-day claim window, so each event's day is known.
    private static readonly DateOnly Yesterday = PlatformTime.ChinaToday(TimeProvider.System).AddDays(-1);
    private static readonly DateTimeOffset YesterdayMorning = new(PlatformTime.ChinaDateToUtc(Yesterday).AddHours(8), TimeSpan.Zero);

    public async Task InitializeAsync() => _host = await PartnerHost.StartAsync(stores);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static decimal MetroCredits => Earned(515.5m, 1);

    /// <summary>What <paramref name="quantity"/> units of a behaviour of <paramref name="gramsPerUnit"/> earn, as the methodology prices them.</summary>
    private static decimal Earned(decimal gramsPerUnit, decimal quantity) =>
        Core.Ledger.Credits.RoundFrom(quantity * Methodology.CreditsForReduction(gramsPerUnit).Value).Value;

    [SkippableFact]
    public async Task A_batch_is_answered_event_by_event_in_order_with_every_refusal_code_and_one_bad_event_never_fails_it()
    {
        var metro = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide, Methodology.Walking]);
        var rideApp = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide]);
        var citizen = await _host.LinkedCitizenAsync(metro, "u-1");
        await LinkAsync(citizen, rideApp, "ride-app-u-1");
        var revoked = await _host.LinkedCitizenAsync(metro, "u-revoked");
        Assert.Equal(HttpStatusCode.OK, (await revoked.DeleteAsync($"/api/me/partner-links/{metro.Code}")).StatusCode);
        // The ride app reports a metro ride first; the metro's own report of it a minute later is the same act.
        Assert.Equal("accepted", (await _host.IngestAsync(rideApp, PartnerHost.Event("r-1", "ride-app-u-1", Methodology.MetroRide, 1, YesterdayMorning)))
            .Single().GetProperty("status").GetString());

        var at = YesterdayMorning.AddHours(2);
        var results = await _host.IngestAsync(metro,
            PartnerHost.Event("e-ok", "u-1", Methodology.MetroRide, 1, at),
            PartnerHost.Event("", "u-1", Methodology.MetroRide, 1, at),
            PartnerHost.Event("e-stranger", "nobody", Methodology.MetroRide, 1, at),
            PartnerHost.Event("e-revoked", "u-revoked", Methodology.TakeawayWithoutUtensils, 1, at),
            PartnerHost.Event("e-takeaway", "u-1", Methodology.TakeawayWithoutUtensils, 1, at),
            PartnerHost.Event("e-old", "u-1", Methodology.MetroRide, 1, DateTimeOffset.UtcNow.AddDays(-8)),
            PartnerHost.Event("e-future", "u-1", Methodology.MetroRide, 1, DateTimeOffset.UtcNow.AddDays(1)),
            PartnerHost.Event("e-zero", "u-1", Methodology.MetroRide, 0, at),
            PartnerHost.Event("e-walk-1", "u-1", Methodology.Walking, 20, at),
            PartnerHost.Event("e-walk-2", "u-1", Methodology.Walking, 5, at),
            PartnerHost.Event("e-same-ride", "u-1", Methodology.MetroRide, 1, YesterdayMorning.AddMinutes(1)),
            PartnerHost.Event("e-ok", "u-1", Methodology.MetroRide, 1, at));

        Assert.Equal(
            [
                ("e-ok", "accepted", null), ("", "refused", "bad_event"), ("e-stranger", "refused", "not_linked"),
                ("e-revoked", "refused", "consent_revoked"), ("e-takeaway", "refused", "behaviour_not_allowed"), ("e-old", "refused", "too_old"),
                ("e-future", "refused", "in_future"), ("e-zero", "refused", "bad_quantity"), ("e-walk-1", "accepted", "daily_cap"),
                ("e-walk-2", "refused", "daily_cap"), ("e-same-ride", "refused", "counted_elsewhere"), ("e-ok", "duplicate", null),
            ],
            results.Select(r => (r.GetProperty("eventId").GetString(), r.GetProperty("status").GetString(), Code(r))).ToArray());
        Assert.Equal((MetroCredits, 515.5m), Amounts(results[0]));
        Assert.Equal((MetroCredits, 515.5m), Amounts(results[^1]));
        Assert.Equal(Methodology.WalkingDailyCapGrams, results[8].GetProperty("grams").GetDecimal());
        // Refusals carry no amounts at all: the fields are left out, never null.
        Assert.All(results.Where(r => r.GetProperty("status").GetString() == "refused"), r =>
        {
            Assert.False(r.TryGetProperty("credits", out _));
            Assert.False(r.TryGetProperty("grams", out _));
        });
        var account = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        Assert.Equal(MetroCredits * 2 + results[8].GetProperty("credits").GetDecimal(), account.GetProperty("balance").GetDecimal());
    }

    [SkippableFact]
    public async Task Twenty_identical_batches_sent_in_parallel_have_the_effect_of_one()
    {
        var partner = await _host.RegisterPartnerAsync();
        var citizen = await _host.LinkedCitizenAsync(partner, "u-parallel");
        var events = Enumerable.Range(0, 50)
            .Select(i => PartnerHost.Event($"bike-{i}", "u-parallel", Methodology.SharedBicycle, 2, YesterdayMorning.AddMinutes(5 * i)))
            .ToArray();
        var clients = Enumerable.Range(0, 20).Select(_ => _host.CreateClient()).ToList();

        var answers = await Task.WhenAll(clients.Select(client => _host.SendRawAsync(partner.Code, partner.Secret, HttpMethod.Post,
            "/api/partners/events", PartnerHost.Json(new { events }), client: client)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var statuses = new List<string>();
        foreach (var answer in answers)
        {
            var results = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(50, results.Count);
            // Whichever batch came first, every answer carries the same credits for each event.
            Assert.All(results, r => Assert.Equal((Earned(250m, 2), 500m), Amounts(r)));
            statuses.AddRange(results.Select(r => r.GetProperty("status").GetString()!));
        }
        Assert.Equal(50, statuses.Count(s => s == "accepted"));
        Assert.Equal(19 * 50, statuses.Count(s => s == "duplicate"));
        var written = await _host.WrittenAsync();
        Assert.Equal(50, written.Events);
        var account = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        Assert.Equal(50 * Earned(250m, 2), account.GetProperty("balance").GetDecimal());
        Assert.Equal(25_000m, account.GetProperty("gramsReduced").GetDecimal());
    }

    [SkippableFact]
    public async Task More_than_1000_events_in_one_call_are_refused_whole_with_too_many_events_and_nothing_is_written()
    {
        var partner = await _host.RegisterPartnerAsync();
        await _host.LinkedCitizenAsync(partner, "u-many");
        var before = await _host.WrittenAsync();

        var response = await _host.SendEventsAsync(partner, Enumerable.Range(0, PartnerFeed.MaxEventsPerCall + 1)
            .Select(i => PartnerHost.Event($"many-{i}", "u-many", Methodology.Walking, 0.01m, YesterdayMorning)).ToArray());

        await PartnerHost.AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.TooManyEvents);
        Assert.Equal(before, await _host.WrittenAsync());
    }

    [SkippableFact]
    public async Task A_batch_without_events_or_with_json_that_does_not_parse_is_400_with_a_code()
    {
        var partner = await _host.RegisterPartnerAsync();

        await PartnerHost.AssertProblemAsync(await _host.SendAsync(partner, HttpMethod.Post, "/api/partners/events", new { }),
            HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        await PartnerHost.AssertProblemAsync(await _host.SendRawAsync(partner.Code, partner.Secret, HttpMethod.Post, "/api/partners/events",
            "{\"events\": [ {\"quantity\": \"lots\"} ]}"), HttpStatusCode.BadRequest, ErrorCodes.BadRequest);
        var empty = await _host.SendAsync(partner, HttpMethod.Post, "/api/partners/events", new { events = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("{\"results\":[]}", await empty.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_link_code_works_once_for_its_own_partner_a_retry_answers_200_and_a_second_link_is_already_linked()
    {
        var partner = await _host.RegisterPartnerAsync();
        var other = await _host.RegisterPartnerAsync();
        var citizen = await _host.CitizenAsync();
        var code = await PartnerHost.LinkCodeAsync(citizen, partner);

        await PartnerHost.AssertProblemAsync(await RedeemAsync(other, code, "u-1"), HttpStatusCode.BadRequest, ErrorCodes.InvalidLinkCode);
        var first = await RedeemAsync(partner, code.ToLowerInvariant().Replace("-", " "), "u-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("{\"partnerUserId\":\"u-1\",\"linked\":true}", await first.Content.ReadAsStringAsync());
        var retry = await RedeemAsync(partner, code, "u-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("{\"partnerUserId\":\"u-1\",\"linked\":true}", await retry.Content.ReadAsStringAsync());
        await PartnerHost.AssertProblemAsync(await RedeemAsync(partner, code, "u-2"), HttpStatusCode.BadRequest, ErrorCodes.InvalidLinkCode);

        // Another citizen's code for the same partner user: that user is someone's already.
        var second = await _host.CitizenAsync();
        await PartnerHost.AssertProblemAsync(await RedeemAsync(partner, await PartnerHost.LinkCodeAsync(second, partner), "u-1"),
            HttpStatusCode.Conflict, ErrorCodes.AlreadyLinked);
        // The linked citizen cannot even ask for a second code for the same partner.
        await PartnerHost.AssertProblemAsync(await citizen.PostAsJsonAsync("/api/me/partner-links", new { partnerCode = partner.Code }),
            HttpStatusCode.Conflict, ErrorCodes.AlreadyLinked);
        await PartnerHost.AssertProblemAsync(await RedeemAsync(partner, "NOPE-NOPE", "u-9"), HttpStatusCode.BadRequest, ErrorCodes.InvalidLinkCode);
    }

    [SkippableFact]
    public async Task A_link_code_older_than_ten_minutes_is_refused_as_invalid_link_code()
    {
        var partner = await _host.RegisterPartnerAsync();
        var citizen = await _host.CitizenAsync();
        var code = await PartnerHost.LinkCodeAsync(citizen, partner);
        await using (var db = _host.Store.CreateContext())
            await db.PartnerLinkCodes.ExecuteUpdateAsync(c => c.SetProperty(x => x.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)));

        await PartnerHost.AssertProblemAsync(await RedeemAsync(partner, code, "u-late"), HttpStatusCode.BadRequest, ErrorCodes.InvalidLinkCode);
        Assert.Equal(0, (await _host.WrittenAsync()).Links);
    }

    [SkippableFact]
    public async Task Reconciliation_lists_the_partners_own_events_of_one_china_day_as_csv()
    {
        var partner = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide, Methodology.Walking]);
        var other = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide]);
        await _host.LinkedCitizenAsync(partner, "u-1");
        await _host.IngestAsync(partner,
            PartnerHost.Event("day-1", "u-1", Methodology.MetroRide, 1, YesterdayMorning),
            PartnerHost.Event("day-2", "nobody", Methodology.MetroRide, 1, YesterdayMorning.AddHours(1)),
            PartnerHost.Event("day-3", "u-1", Methodology.Walking, 20, YesterdayMorning.AddHours(2)),
            PartnerHost.Event("other-day", "u-1", Methodology.MetroRide, 1, YesterdayMorning.AddDays(-1)));
        await _host.IngestAsync(other, PartnerHost.Event("not-mine", "x", Methodology.MetroRide, 1, YesterdayMorning));

        var response = await _host.SendAsync(partner, HttpMethod.Get, $"/api/partners/reconciliation?date={Yesterday:yyyy-MM-dd}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            [
                "eventId,status,code,credits,grams",
                $"day-1,accepted,,{MetroCredits:0.00},515.500",
                "day-2,refused,not_linked,0.00,0.000",
                $"day-3,accepted,daily_cap,{Earned(20m, 14.8m):0.00},296.000",
            ],
            (await response.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n"));
    }

    private static string? Code(JsonElement result) => result.TryGetProperty("code", out var code) ? code.GetString() : null;

    private static (decimal, decimal) Amounts(JsonElement result) => (result.GetProperty("credits").GetDecimal(), result.GetProperty("grams").GetDecimal());

    private Task<HttpResponseMessage> RedeemAsync(HttpPartner partner, string linkCode, string partnerUserId) =>
        _host.SendAsync(partner, HttpMethod.Post, "/api/partners/links", new { linkCode, partnerUserId });

    private async Task LinkAsync(HttpClient citizen, HttpPartner partner, string partnerUserId) =>
        Assert.Equal(HttpStatusCode.Created, (await RedeemAsync(partner, await PartnerHost.LinkCodeAsync(citizen, partner), partnerUserId)).StatusCode);
}

public sealed class PartnerEventsApiTestsOnSqlite() : PartnerEventsApiTests(SqliteTestStores.Instance);

public sealed class PartnerEventsApiTestsOnPostgres(PostgresTestStores postgres) : PartnerEventsApiTests(postgres), IClassFixture<PostgresTestStores>;
