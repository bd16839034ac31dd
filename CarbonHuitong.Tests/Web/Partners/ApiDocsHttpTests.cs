using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and the reference page at <c>/api/docs</c>, for anyone, outside
/// Development too: the app-client, validator and partner APIs (not the admin exports), the signature scheme, and every
/// refusal code of the partner API.
/// </summary>
public sealed class ApiDocsHttpTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();
    private JsonElement _document;

    public async Task InitializeAsync()
    {
        var response = await _app.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void The_document_publishes_the_app_client_validator_and_partner_apis_and_not_the_admin_exports()
    {
        var paths = _document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/partners/events", paths);
        Assert.Contains("/api/partners/links", paths);
        Assert.Contains("/api/partners/reconciliation", paths);
        Assert.Contains("/api/me/partner-links", paths);
        Assert.Contains("/api/me/partner-links/{partnerCode}", paths);
        Assert.Contains("/api/me/ledger", paths);
        Assert.Contains("/api/mall/items", paths);
        Assert.Contains("/api/auth/login", paths);
        Assert.Contains("/api/terminal/scans", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p));
        Assert.DoesNotContain(paths, p => p.StartsWith("/api/docs", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_partner_call_requires_the_three_signature_headers_and_the_scheme_says_how_to_sign()
    {
        var schemes = _document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-Signature", schemes.GetProperty("partnerSignature").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("partnerSignature").GetProperty("in").GetString());
        Assert.Equal("X-Timestamp", schemes.GetProperty("partnerTimestamp").GetProperty("name").GetString());
        Assert.Equal("X-Partner-Id", schemes.GetProperty("partnerId").GetProperty("name").GetString());
        Assert.Contains("HMAC-SHA256", schemes.GetProperty("partnerSignature").GetProperty("description").GetString());

        foreach (var (path, method) in new[] { ("/api/partners/events", "post"), ("/api/partners/links", "post"), ("/api/partners/reconciliation", "get") })
        {
            var security = Operation(path, method).GetProperty("security").EnumerateArray().Single();
            Assert.Equal(["partnerId", "partnerSignature", "partnerTimestamp"], security.EnumerateObject().Select(s => s.Name).Order());
            Assert.Contains("`invalid_signature`", Response(path, method, "401"));
            Assert.Contains("`unknown_partner`", Response(path, method, "401"));
            Assert.Contains("`rate_limited`", Response(path, method, "429"));
        }
        var description = _document.GetProperty("info").GetProperty("description").GetString()!;
        Assert.Contains("<X-Timestamp>.<METHOD>.<path and query>.", description);
        Assert.Contains("1764633600.GET./api/partners/reconciliation?date=2026-12-01.", description);
    }

    [Fact]
    public void Every_refusal_code_of_the_partner_api_is_described()
    {
        var description = _document.GetProperty("info").GetProperty("description").GetString()!;
        Assert.All(PartnerEventCodes.All, code => Assert.Matches($@"\| `{code}` \| [^|]+ \| [^|]+ \|", description));
        var codes = _document.GetProperty("components").GetProperty("schemas").GetProperty("PartnerEventResponse")
            .GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(c => c.GetString());
        Assert.Equal(PartnerEventCodes.All, codes);

        Assert.Contains($"`{ErrorCodes.TooManyEvents}`", Response("/api/partners/events", "post", "400"));
        Assert.Contains($"`{ErrorCodes.InvalidLinkCode}`", Response("/api/partners/links", "post", "400"));
        Assert.Contains($"`{ErrorCodes.AlreadyLinked}`", Response("/api/partners/links", "post", "409"));
        Assert.Contains($"`{ErrorCodes.AlreadyLinked}`", Response("/api/me/partner-links", "post", "409"));
    }

    [Fact]
    public void Pending_events_and_both_settlement_endpoints_are_signed_and_every_settlement_status_is_described()
    {
        foreach (var path in new[] { "/api/partners/events/confirmations", "/api/partners/events/reversals" })
        {
            var security = Operation(path, "post").GetProperty("security").EnumerateArray().Single();
            Assert.Equal(["partnerId", "partnerSignature", "partnerTimestamp"], security.EnumerateObject().Select(s => s.Name).Order());
            Assert.Contains("`invalid_signature`", Response(path, "post", "401"));
            Assert.Contains($"`{ErrorCodes.TooManyEvents}`", Response(path, "post", "400"));
            Assert.Contains("`rate_limited`", Response(path, "post", "429"));
        }
        var schemas = _document.GetProperty("components").GetProperty("schemas");
        var statuses = schemas.GetProperty("PartnerSettlementResponse").GetProperty("properties").GetProperty("status").GetProperty("enum")
            .EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(["confirmed", "reversed", "already_confirmed", "already_reversed", "not_pending", "unknown_event", "account_frozen"], statuses);
        var description = _document.GetProperty("info").GetProperty("description").GetString()!;
        Assert.All(statuses, status => Assert.Matches($@"\| `{status}` \| [^|]+ \| [^|]+ \|", description));
        Assert.Contains("\"pending\": true", description);
        Assert.True(schemas.GetProperty("PartnerEventRequest").GetProperty("properties").TryGetProperty("pending", out _));
        Assert.True(schemas.GetProperty("PartnerEventResponse").GetProperty("properties").TryGetProperty("pending", out _));
    }

    [Fact]
    public async Task The_reference_page_is_served_to_anyone_with_its_scripts_under_the_strict_policy()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = false });

        var response = await browser.GetAsync("/api/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotContain("unsafe-inline", Regex.Match(policy, "script-src[^;]*").Value);
        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        // As a browser reads the attribute (the page escapes '+' as &#x2B;).
        var scripts = Regex.Matches(page, "<script[^>]*>").Select(m => WebUtility.HtmlDecode(m.Value)).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        Assert.Contains("scalar.js", page);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/docs/scalar.js")).StatusCode);
    }

    private JsonElement Operation(string path, string method) => _document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private string Response(string path, string method, string status) =>
        Operation(path, method).GetProperty("responses").GetProperty(status).GetProperty("description").GetString()!;
}
