using System.Net;
using System.Net.Http.Headers;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// Every partner call is signed: a tampered body or timestamp, a clock more than 300 s off, a retired secret, a
/// suspended or unknown partner are each 401 problem details with a stable code, and nothing is written. A new secret
/// works beside the old one until the old is retired.
/// </summary>
public abstract class PartnerSignatureApiTests(ITestStores stores) : IAsyncLifetime
{
    private const string Events = "/api/partners/events";
    private PartnerHost _host = null!;
    private HttpPartner _partner = null!;
    private string _batch = "";
    private int _sent;

    public async Task InitializeAsync()
    {
        _host = await PartnerHost.StartAsync(stores);
        _partner = await _host.RegisterPartnerAsync();
        await _host.LinkedCitizenAsync(_partner, "u-signed");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A batch that would be credited if its call were let in: a fresh event id each time.</summary>
    private string Batch() => _batch = PartnerHost.Json(new
    {
        events = new[] { PartnerHost.Event($"signed-{++_sent}", "u-signed", Methodology.MetroRide, 1, DateTimeOffset.UtcNow.AddHours(-1)) },
    });

    [SkippableFact]
    public async Task A_body_changed_after_signing_is_invalid_signature_and_writes_nothing()
    {
        var signed = Batch();
        await AssertRefusedAsync(ErrorCodes.InvalidSignature,
            () => _host.SendRawAsync(_partner.Code, _partner.Secret, HttpMethod.Post, Events, signed, sentBody: signed.Replace("\"quantity\":1", "\"quantity\":9")));
        await AssertAcceptedAsync(_partner.Secret);
    }

    [SkippableFact]
    public async Task A_timestamp_changed_after_signing_is_invalid_signature_and_writes_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        await AssertRefusedAsync(ErrorCodes.InvalidSignature, () => _host.SendRawAsync(_partner.Code, _partner.Secret, HttpMethod.Post, Events,
            Batch(), signedAt: now, sentTimestamp: now.AddSeconds(1).ToUnixTimeSeconds().ToString()));
        await AssertRefusedAsync(ErrorCodes.InvalidSignature, () => _host.SendRawAsync(_partner.Code, _partner.Secret, HttpMethod.Post, Events,
            Batch(), sentTimestamp: "soon"));
    }

    [SkippableTheory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public async Task A_call_signed_more_than_300_seconds_from_the_platforms_clock_is_invalid_signature(int skewSeconds)
    {
        await AssertRefusedAsync(ErrorCodes.InvalidSignature, () => _host.SendRawAsync(_partner.Code, _partner.Secret, HttpMethod.Post, Events,
            Batch(), signedAt: DateTimeOffset.UtcNow.AddSeconds(skewSeconds)));
        var withinSkew = await _host.SendRawAsync(_partner.Code, _partner.Secret, HttpMethod.Post, Events, Batch(),
            signedAt: DateTimeOffset.UtcNow.AddSeconds(Math.Sign(skewSeconds) * 240));
        Assert.Equal(HttpStatusCode.OK, withinSkew.StatusCode);
    }

    [SkippableFact]
    public async Task A_rotated_secret_works_beside_the_old_one_until_the_old_one_is_retired()
    {
        var rotated = await _host.AdministerAsync(admin => admin.RotateSecretAsync(Actors.MallAdmin, _partner.Code));

        await AssertAcceptedAsync(rotated.Secret);
        await AssertAcceptedAsync(_partner.Secret);

        await _host.AdministerAsync(admin => admin.RetireSecretAsync(Actors.MallAdmin, _partner.Code, _partner.SecretId));
        await AssertRefusedAsync(ErrorCodes.InvalidSignature,
            () => _host.SendRawAsync(_partner.Code, _partner.Secret, HttpMethod.Post, Events, Batch()));
        await AssertAcceptedAsync(rotated.Secret);
    }

    [SkippableFact]
    public async Task A_suspended_partner_is_unknown_partner_until_resumed()
    {
        await _host.AdministerAsync(admin => admin.SuspendAsync(Actors.MallAdmin, _partner.Code));
        await AssertRefusedAsync(ErrorCodes.UnknownPartner, () => _host.SendRawAsync(_partner.Code, _partner.Secret, HttpMethod.Post, Events, Batch()));

        await _host.AdministerAsync(admin => admin.ResumeAsync(Actors.MallAdmin, _partner.Code));
        await AssertAcceptedAsync(_partner.Secret);
    }

    [SkippableFact]
    public async Task An_unknown_partner_a_missing_header_another_partners_secret_or_another_path_is_refused()
    {
        var other = await _host.RegisterPartnerAsync();

        await AssertRefusedAsync(ErrorCodes.UnknownPartner, () => _host.SendRawAsync("no-such-partner", _partner.Secret, HttpMethod.Post, Events, Batch()));
        await AssertRefusedAsync(ErrorCodes.InvalidSignature, () => _host.SendRawAsync(_partner.Code, other.Secret, HttpMethod.Post, Events, Batch()));
        // Signed for the links endpoint, sent to the events endpoint.
        await AssertRefusedAsync(ErrorCodes.InvalidSignature, async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Events) { Content = new StringContent(Batch(), System.Text.Encoding.UTF8, "application/json") };
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
            request.Headers.Add("X-Partner-Id", _partner.Code);
            request.Headers.Add("X-Timestamp", timestamp);
            request.Headers.Add("X-Signature", Core.Behaviours.Partners.PartnerSignatures.Sign(_partner.Secret, timestamp, "POST", "/api/partners/links",
                System.Text.Encoding.UTF8.GetBytes(_batch)));
            return await _host.CreateClient().SendAsync(request);
        });
        foreach (var missing in new[] { "X-Partner-Id", "X-Timestamp", "X-Signature" })
            await AssertRefusedAsync(missing == "X-Partner-Id" ? ErrorCodes.UnknownPartner : ErrorCodes.InvalidSignature, async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Events) { Content = new StringContent(Batch(), System.Text.Encoding.UTF8, "application/json") };
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
                if (missing != "X-Partner-Id") request.Headers.Add("X-Partner-Id", _partner.Code);
                if (missing != "X-Timestamp") request.Headers.Add("X-Timestamp", timestamp);
                if (missing != "X-Signature")
                    request.Headers.Add("X-Signature", Core.Behaviours.Partners.PartnerSignatures.Sign(_partner.Secret, timestamp, "POST", Events,
                        System.Text.Encoding.UTF8.GetBytes(_batch)));
                return await _host.CreateClient().SendAsync(request);
            });
    }

    [SkippableFact]
    public async Task A_citizens_bearer_token_is_no_partner_signature()
    {
        var citizen = await _host.CitizenAsync();

        // Without X-Partner-Id the call names no partner at all.
        await AssertRefusedAsync(ErrorCodes.UnknownPartner, () => citizen.PostAsync(Events,
            new StringContent(Batch(), System.Text.Encoding.UTF8, "application/json")));
        await AssertRefusedAsync(ErrorCodes.UnknownPartner, async () =>
        {
            var csv = _host.CreateClient();
            csv.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            return await csv.GetAsync("/api/partners/reconciliation?date=2026-01-01");
        });
    }

    private async Task AssertRefusedAsync(string code, Func<Task<HttpResponseMessage>> send)
    {
        var before = await _host.WrittenAsync();
        var response = await send();
        await PartnerHost.AssertProblemAsync(response, HttpStatusCode.Unauthorized, code);
        Assert.Equal(before, await _host.WrittenAsync());
    }

    private async Task AssertAcceptedAsync(string secret)
    {
        var response = await _host.SendRawAsync(_partner.Code, secret, HttpMethod.Post, Events, Batch());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"accepted\"", await response.Content.ReadAsStringAsync());
    }
}

public sealed class PartnerSignatureApiTestsOnSqlite() : PartnerSignatureApiTests(SqliteTestStores.Instance);

public sealed class PartnerSignatureApiTestsOnPostgres(PostgresTestStores postgres) : PartnerSignatureApiTests(postgres), IClassFixture<PostgresTestStores>;
