using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using CarbonHuitong.Core.Behaviours.Partners;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// A partner's platform sending a batch as the partner API asks: the JSON body, and the headers <c>X-Partner-Id</c>,
/// <c>X-Timestamp</c> (Unix seconds) and <c>X-Signature</c> made by Core's own reference implementation of the scheme.
/// </summary>
public sealed class PartnerPlatform(BenchClient client, BenchPartner partner)
{
    public const string EventsPath = "/api/partners/events";

    public BenchPartner Partner => partner;

    /// <returns>The HTTP outcome, and for a 2xx the answer to each event in the order sent.</returns>
    public async Task<(Outcome Outcome, IReadOnlyList<EventAnswer> Answers)> SendAsync(IReadOnlyList<PartnerEventBody> events,
        LatencyRecorder? latency = null)
    {
        var body = Serialize(events);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Partner-Id", partner.Code);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", PartnerSignatures.Sign(partner.Secret, timestamp, "POST", EventsPath, body));
        var outcome = await client.SendAsync(request, latency);
        return (outcome, outcome is { Succeeded: true, Body: { } answer } ? AnswersIn(answer) : []);
    }

    /// <summary><c>{ "events": [ { "eventId", "partnerUserId", "behaviourCode", "quantity", "occurredAt" } ] }</c>, times in UTC.</summary>
    public static byte[] Serialize(IReadOnlyList<PartnerEventBody> events)
    {
        var buffer = new ArrayBufferWriter<byte>(events.Count * 160 + 16);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("events");
            foreach (var e in events)
            {
                json.WriteStartObject();
                json.WriteString("eventId", e.EventId);
                json.WriteString("partnerUserId", e.PartnerUserId);
                json.WriteString("behaviourCode", e.BehaviourCode);
                json.WriteNumber("quantity", e.Quantity);
                json.WriteString("occurredAt", DateTime.SpecifyKind(e.OccurredAt, DateTimeKind.Utc));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>{ "results": [ { "eventId", "status", "code"?, "credits"?, "grams"? } ] }</c>.</summary>
    private static List<EventAnswer> AnswersIn(JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            return [];
        return results.EnumerateArray().Select(r => new EventAnswer(
            Text(r, "eventId"), (Text(r, "status") ?? "").ToLowerInvariant(), Text(r, "code"), Number(r, "credits"), Number(r, "grams"))).ToList();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;
}
