using System.Net;
using System.Text.Json;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Web.Fuzz;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// The general fuzz test cannot sign, so every partner call it sends stops at the signature check. Here the same
/// hostile values are sent signed, so they reach the JSON binding, the feed and the link check: nothing answers 5xx,
/// a refusal is problem details with a code, and a batch that binds is answered event by event.
/// </summary>
public sealed class PartnerHostileInputTests : IAsyncLifetime
{
    private PartnerHost _host = null!;
    private HttpPartner _partner = null!;
    private readonly List<string> _failures = [];
    private int _sent;

    private static readonly string[] EventFields = ["eventId", "partnerUserId", "behaviourCode", "quantity", "occurredAt"];

    public async Task InitializeAsync()
    {
        _host = await PartnerHost.StartAsync(SqliteTestStores.Instance,
            app => app.Settings["RateLimits:PartnerCallsPerPartner:PermitLimit"] = "1000000");
        _partner = await _host.RegisterPartnerAsync();
        await _host.LinkedCitizenAsync(_partner, "u-hostile");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Hostile_events_bodies_and_media_types_are_answered_never_with_a_5xx()
    {
        foreach (var field in EventFields)
        foreach (var value in FuzzInputs.JsonValues)
            await SendAsync(HttpMethod.Post, "/api/partners/events", $"{{\"events\":[{Event(field, value)},{Event()}]}}", $"events[0].{field}: {value}");
        foreach (var value in FuzzInputs.JsonValues.Append($"[{string.Join(",", Enumerable.Repeat("null", 3))}]"))
            await SendAsync(HttpMethod.Post, "/api/partners/events", $"{{\"events\":{value}}}", $"events: {value}");
        foreach (var body in FuzzInputs.JsonBodies) await SendAsync(HttpMethod.Post, "/api/partners/events", body, $"body {body}");
        foreach (var contentType in FuzzInputs.ContentTypes)
            await SendAsync(HttpMethod.Post, "/api/partners/events", $"{{\"events\":[{Event()}]}}", $"Content-Type {contentType}", contentType);

        AssertNoFailures();
    }

    [Fact]
    public async Task Hostile_link_redemptions_and_reconciliation_dates_are_answered_never_with_a_5xx()
    {
        foreach (var field in new[] { "linkCode", "partnerUserId" })
        foreach (var value in FuzzInputs.JsonValues)
            await SendAsync(HttpMethod.Post, "/api/partners/links",
                field == "linkCode" ? $"{{\"linkCode\":{value},\"partnerUserId\":\"u-x\"}}" : $"{{\"linkCode\":\"ABCD-EFGH\",\"partnerUserId\":{value}}}",
                $"{field}: {value}");
        foreach (var body in FuzzInputs.JsonBodies) await SendAsync(HttpMethod.Post, "/api/partners/links", body, $"body {body}");
        foreach (var date in FuzzInputs.Dates.Concat(FuzzInputs.Texts))
            await SendAsync(HttpMethod.Get, "/api/partners/reconciliation?date=" + Uri.EscapeDataString(date), "", $"date={date}");
        await SendAsync(HttpMethod.Get, "/api/partners/reconciliation", "", "no date");
        await SendAsync(HttpMethod.Get, "/api/partners/reconciliation?date=2026-01-01&date=2026-01-02", "", "date twice");

        AssertNoFailures();
    }

    [Fact]
    public async Task Hostile_confirmations_and_reversals_are_answered_never_with_a_5xx()
    {
        foreach (var path in new[] { "/api/partners/events/confirmations", "/api/partners/events/reversals" })
        {
            foreach (var value in FuzzInputs.JsonValues)
            {
                await SendAsync(HttpMethod.Post, path, $"{{\"eventIds\":{value}}}", $"eventIds: {value}");
                await SendAsync(HttpMethod.Post, path, $"{{\"eventIds\":[{value},\"e-1\"]}}", $"eventIds[0]: {value}");
            }
            foreach (var body in FuzzInputs.JsonBodies) await SendAsync(HttpMethod.Post, path, body, $"body {body}");
            foreach (var contentType in FuzzInputs.ContentTypes)
                await SendAsync(HttpMethod.Post, path, "{\"eventIds\":[\"e-1\"]}", $"Content-Type {contentType}", contentType);
        }

        AssertNoFailures();
    }

    private static string Event(string? field = null, string? value = null)
    {
        var values = new Dictionary<string, string>
        {
            ["eventId"] = JsonSerializer.Serialize(Guid.NewGuid().ToString("N")),
            ["partnerUserId"] = "\"u-hostile\"",
            ["behaviourCode"] = JsonSerializer.Serialize(Methodology.MetroRide),
            ["quantity"] = "1",
            ["occurredAt"] = JsonSerializer.Serialize(DateTimeOffset.UtcNow.AddHours(-1)),
        };
        if (field is not null) values[field] = value!;
        return "{" + string.Join(",", values.Select(v => $"\"{v.Key}\":{v.Value}")) + "}";
    }

    private async Task SendAsync(HttpMethod method, string pathAndQuery, string body, string what, string? contentType = "application/json")
    {
        _sent++;
        var response = await _host.SendRawAsync(_partner.Code, _partner.Secret, method, pathAndQuery, body, contentType: contentType);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var describe = $"{method} {pathAndQuery[..Math.Min(pathAndQuery.Length, 60)]} [{(what.Length > 60 ? what[..60] + "…" : what)}] → {status}";
        if (status >= 500) _failures.Add($"{describe}: {text[..Math.Min(text.Length, 300)]}");
        else if (status >= 400)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") _failures.Add($"{describe} not problem details");
            else if (!JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) || string.IsNullOrEmpty(code.GetString()))
                _failures.Add($"{describe} without a code");
            else if (code.GetString() is "invalid_signature" or "unknown_partner") _failures.Add($"{describe}: the signed call was refused as unsigned");
        }
        else if (pathAndQuery.StartsWith("/api/partners/events", StringComparison.Ordinal) && !JsonDocument.Parse(text).RootElement.TryGetProperty("results", out _))
            _failures.Add($"{describe} without results");
    }

    private void AssertNoFailures() =>
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_sent} signed calls failed:\n" + string.Join("\n", _failures.Take(40)));
}
