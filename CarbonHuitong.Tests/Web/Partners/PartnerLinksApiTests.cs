using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// The citizen's side over <c>/api/me/partner-links</c>: the links and what each brought in, revoking one in the
/// middle of a stream (later events refused <c>consent_revoked</c>), the raw events purged on request while the
/// ledger keeps its entries; and the ledger and the validator telling where an act was counted.
/// </summary>
public abstract class PartnerLinksApiTests(ITestStores stores) : IAsyncLifetime
{
    private PartnerHost _host = null!;

    public async Task InitializeAsync() => _host = await PartnerHost.StartAsync(stores);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [SkippableFact]
    public async Task Revoking_a_link_mid_stream_refuses_later_events_and_on_request_deletes_the_raw_events_but_not_the_credits()
    {
        var partner = await _host.RegisterPartnerAsync();
        var citizen = await _host.LinkedCitizenAsync(partner, "u-stream");
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var before = await _host.IngestAsync(partner, Enumerable.Range(0, 3)
            .Select(i => PartnerHost.Event($"walk-{i}", "u-stream", Methodology.Walking, 1, start.AddMinutes(i))).ToArray());
        Assert.All(before, r => Assert.Equal("accepted", r.GetProperty("status").GetString()));

        var listed = Assert.Single((await citizen.GetFromJsonAsync<JsonElement>("/api/me/partner-links")).EnumerateArray());
        Assert.Equal(partner.Code, listed.GetProperty("partnerCode").GetString());
        Assert.Equal($"测试伙伴 {partner.Code}", listed.GetProperty("partnerNameZh").GetString());
        Assert.Equal($"Test partner {partner.Code}", listed.GetProperty("partnerNameEn").GetString());
        Assert.Equal("u-stream", listed.GetProperty("partnerUserId").GetString());
        Assert.Equal(3, listed.GetProperty("events").GetInt32());
        Assert.Equal(60m, listed.GetProperty("grams").GetDecimal());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        var balance = (await citizen.GetFromJsonAsync<JsonElement>("/api/me/account")).GetProperty("balance").GetDecimal();
        Assert.Equal(balance, listed.GetProperty("credits").GetDecimal());

        var revoked = await citizen.DeleteAsync($"/api/me/partner-links/{partner.Code}?deleteEvents=false");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var revocation = await revoked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(partner.Code, revocation.GetProperty("partnerCode").GetString());
        Assert.Equal(0, revocation.GetProperty("eventsDeleted").GetInt32());

        var after = await _host.IngestAsync(partner,
            PartnerHost.Event("walk-late", "u-stream", Methodology.Walking, 1, start.AddMinutes(10)),
            PartnerHost.Event("takeaway-late", "u-stream", Methodology.TakeawayWithoutUtensils, 1, start.AddMinutes(11)),
            PartnerHost.Event("walk-1", "u-stream", Methodology.Walking, 1, start.AddMinutes(1)));
        Assert.Equal([("refused", "consent_revoked"), ("refused", "consent_revoked"), ("duplicate", null)],
            after.Select(r => (r.GetProperty("status").GetString(), r.TryGetProperty("code", out var c) ? c.GetString() : null)).ToArray());
        Assert.Equal(5, (await _host.WrittenAsync()).Events);

        var purged = await (await citizen.DeleteAsync($"/api/me/partner-links/{partner.Code}?deleteEvents=true")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, purged.GetProperty("eventsDeleted").GetInt32());
        Assert.Equal(0, (await _host.WrittenAsync()).Events);
        var reconciliation = await _host.SendAsync(partner, HttpMethod.Get,
            $"/api/partners/reconciliation?date={PlatformTime.ChinaDateOf(start.UtcDateTime):yyyy-MM-dd}");
        Assert.Equal("eventId,status,code,credits,grams", (await reconciliation.Content.ReadAsStringAsync()).Trim());
        // The ledger keeps the record of the credits earned, and the link says the raw data went.
        Assert.Equal(balance, (await citizen.GetFromJsonAsync<JsonElement>("/api/me/account")).GetProperty("balance").GetDecimal());
        var gone = Assert.Single((await citizen.GetFromJsonAsync<JsonElement>("/api/me/partner-links")).EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, gone.GetProperty("revokedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, gone.GetProperty("eventsDeletedAt").ValueKind);
        Assert.Equal(3, gone.GetProperty("events").GetInt32());
    }

    [SkippableFact]
    public async Task A_citizen_cannot_revoke_a_link_they_do_not_have_or_ask_a_code_for_an_unknown_partner()
    {
        var partner = await _host.RegisterPartnerAsync();
        await _host.LinkedCitizenAsync(partner, "u-someone-else");
        var stranger = await _host.CitizenAsync();

        await PartnerHost.AssertProblemAsync(await stranger.DeleteAsync($"/api/me/partner-links/{partner.Code}?deleteEvents=true"),
            HttpStatusCode.NotFound, ErrorCodes.NotFound);
        await PartnerHost.AssertProblemAsync(await stranger.PostAsJsonAsync("/api/me/partner-links", new { partnerCode = "no-such-partner" }),
            HttpStatusCode.NotFound, ErrorCodes.NotFound);
        Assert.Equal("[]", await stranger.GetStringAsync("/api/me/partner-links"));
        await PartnerHost.AssertProblemAsync(await _host.CreateClient().GetAsync("/api/me/partner-links"), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(1, (await _host.WrittenAsync()).Links);
    }

    [SkippableFact]
    public async Task The_ledger_shows_each_entrys_source_and_who_else_reported_the_same_ride()
    {
        var metro = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide]);
        var rideApp = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide]);
        var citizen = await _host.LinkedCitizenAsync(metro, "u-metro");
        var code = await PartnerHost.LinkCodeAsync(citizen, rideApp);
        Assert.Equal(HttpStatusCode.Created,
            (await _host.SendAsync(rideApp, HttpMethod.Post, "/api/partners/links", new { linkCode = code, partnerUserId = "u-app" })).StatusCode);
        var ride = DateTimeOffset.UtcNow.AddHours(-1);
        await _host.IngestAsync(metro, PartnerHost.Event("m-1", "u-metro", Methodology.MetroRide, 1, ride));
        var second = await _host.IngestAsync(rideApp, PartnerHost.Event("a-1", "u-app", Methodology.MetroRide, 1, ride.AddMinutes(2)));
        Assert.Equal("counted_elsewhere", second.Single().GetProperty("code").GetString());

        var item = Assert.Single((await citizen.GetFromJsonAsync<JsonElement>("/api/me/ledger")).GetProperty("items").EnumerateArray());

        Assert.Equal($"partner:{metro.Code}", item.GetProperty("source").GetString());
        Assert.Equal([$"partner:{rideApp.Code}"], item.GetProperty("alsoReportedBy").EnumerateArray().Select(s => s.GetString()));
    }

    [SkippableFact]
    public async Task A_validator_scan_of_a_ride_a_partner_already_reported_still_rides_but_says_counted_elsewhere()
    {
        var busApp = await _host.RegisterPartnerAsync(behaviours: [Methodology.BusRide]);
        var citizen = await _host.LinkedCitizenAsync(busApp, "u-bus");
        string terminalKey;
        using (var scope = _host.App.Services.CreateScope())
            terminalKey = await scope.ServiceProvider.GetRequiredService<TerminalService>().RegisterAsync(Actors.MallAdmin, "CQ-PARTNER-01", "871", "Partner test");
        await _host.IngestAsync(busApp, PartnerHost.Event("bus-1", "u-bus", Methodology.BusRide, 1, DateTimeOffset.UtcNow.AddMinutes(-1)));
        var token = (await citizen.GetFromJsonAsync<JsonElement>("/api/me/ride-code")).GetProperty("token").GetString();
        var validator = _host.CreateClient();
        validator.DefaultRequestHeaders.Add("X-Terminal-Key", terminalKey);

        var response = await validator.PostAsJsonAsync("/api/terminal/scans",
            new { scanId = "scan-1", rideCode = token, lineId = "871", vehicleId = "B-1", fareFen = 200, scannedAt = DateTime.UtcNow });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scan = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(scan.GetProperty("accepted").GetBoolean());
        Assert.True(scan.GetProperty("countedElsewhere").GetBoolean());
        Assert.Equal(0m, scan.GetProperty("creditsEarned").GetDecimal());
        Assert.Equal(200, scan.GetProperty("amountDueFen").GetInt64());
        var item = Assert.Single((await citizen.GetFromJsonAsync<JsonElement>("/api/me/ledger")).GetProperty("items").EnumerateArray());
        Assert.Equal(["transit"], item.GetProperty("alsoReportedBy").EnumerateArray().Select(s => s.GetString()));
    }
}

public sealed class PartnerLinksApiTestsOnSqlite() : PartnerLinksApiTests(SqliteTestStores.Instance);

public sealed class PartnerLinksApiTestsOnPostgres(PostgresTestStores postgres) : PartnerLinksApiTests(postgres), IClassFixture<PostgresTestStores>;
