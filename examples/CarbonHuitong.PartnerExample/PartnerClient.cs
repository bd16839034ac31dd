// A client for the Carbon Huitong partner API, in one file with no dependency beyond .NET: copy it into your platform.
// 碳汇通合作方 API 客户端：单个文件、仅依赖 .NET，可直接复制到贵平台的代码中使用。
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CarbonHuitong.PartnerExample;

/// <summary>One green behaviour of one of your users, as you report it.</summary>
/// <param name="EventId">Your own id for the event, unique on your platform: a resend with the same id is answered, never counted twice.</param>
/// <param name="PartnerUserId">Your id for the user, as you gave it when you redeemed the citizen's link code.</param>
/// <param name="BehaviourCode">A behaviour your platform is registered for, such as <c>metro_ride</c> or <c>shared_bicycle</c>.</param>
/// <param name="Quantity">In the behaviour's unit (rides, km, orders, thousands of steps), at most two decimals.</param>
/// <param name="Pending">True when the act can still be cancelled (a takeaway order): its credits are held until you confirm or
/// reverse it (<see cref="PartnerClient.ConfirmAsync"/>, <see cref="PartnerClient.ReverseAsync"/>), or your pending window passes.</param>
public sealed record PartnerEvent(string EventId, string PartnerUserId, string BehaviourCode, decimal Quantity, DateTimeOffset OccurredAt,
    bool Pending = false);

/// <summary>What the platform answered for one event: <c>accepted</c>, <c>duplicate</c> or <c>refused</c>, with a code when refused or capped.</summary>
/// <param name="Pending">True when the event was accepted as pending: its credits are held until it is confirmed.</param>
public sealed record PartnerEventResult(string? EventId, string Status, string? Code, decimal? Credits, decimal? Grams, bool Pending = false);

/// <summary>
/// What became of one pending event you confirmed or reversed: <c>confirmed</c>, <c>reversed</c>, <c>already_confirmed</c>,
/// <c>already_reversed</c>, <c>not_pending</c>, <c>unknown_event</c> or <c>account_frozen</c>.
/// </summary>
public sealed record SettlementResult(string EventId, string Status, decimal Credits);

/// <summary>A call the platform refused (RFC 7807 problem details): its HTTP status and stable code, such as <c>invalid_signature</c>.</summary>
public sealed class PartnerApiException(HttpStatusCode status, string? code, string? detail, TimeSpan? retryAfter)
    : Exception($"{(int)status} {code}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;
    public string? Detail { get; } = detail;

    /// <summary>On 429 <c>rate_limited</c>: how long to wait before calling again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Signs and sends calls to the partner API. Each call carries <c>X-Partner-Id</c>, <c>X-Timestamp</c> (Unix seconds)
/// and <c>X-Signature: v1=&lt;lower-case hex HMAC-SHA256&gt;</c> of <c>"&lt;timestamp&gt;.&lt;METHOD&gt;.&lt;path and query&gt;."</c>
/// followed by the raw body, keyed with your secret. The body is serialized once, and exactly those bytes are signed and sent.
/// </summary>
/// <param name="http">With <see cref="HttpClient.BaseAddress"/> set to the platform, for example <c>https://carbon.example.cn/</c>.</param>
public sealed class PartnerClient(HttpClient http, string partnerCode, string secret, TimeProvider? clock = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The platform takes at most this many events per call.</summary>
    public const int MaxEventsPerCall = 1_000;

    /// <summary>Sends one batch (at most <see cref="MaxEventsPerCall"/> events); the results come back in the same order.</summary>
    public async Task<IReadOnlyList<PartnerEventResult>> SendEventsAsync(IReadOnlyList<PartnerEvent> events, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/partners/events", new { events }, ct);
        var answer = await response.Content.ReadFromJsonAsync<EventsAnswer>(Json, ct);
        return answer?.Results ?? [];
    }

    /// <summary>
    /// Confirms events you sent as pending (at most <see cref="MaxEventsPerCall"/> ids): their credits become spendable.
    /// Safe to repeat; one result per id, in the same order.
    /// </summary>
    public Task<IReadOnlyList<SettlementResult>> ConfirmAsync(IReadOnlyList<string> eventIds, CancellationToken ct = default) =>
        SettleAsync("api/partners/events/confirmations", eventIds, ct);

    /// <summary>
    /// Reverses events you sent as pending (an order cancelled): their held credits are taken back. An event already
    /// confirmed answers <c>already_confirmed</c>. Safe to repeat; one result per id, in the same order.
    /// </summary>
    public Task<IReadOnlyList<SettlementResult>> ReverseAsync(IReadOnlyList<string> eventIds, CancellationToken ct = default) =>
        SettleAsync("api/partners/events/reversals", eventIds, ct);

    private async Task<IReadOnlyList<SettlementResult>> SettleAsync(string relativeUri, IReadOnlyList<string> eventIds, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, relativeUri, new { eventIds }, ct);
        var answer = await response.Content.ReadFromJsonAsync<SettlementsAnswer>(Json, ct);
        return answer?.Results ?? [];
    }

    /// <summary>
    /// Links one of your users to the citizen who gave you <paramref name="linkCode"/>. True when this call made the link,
    /// false when it repeated one already made (the same code for the same user).
    /// </summary>
    public async Task<bool> RedeemLinkCodeAsync(string linkCode, string partnerUserId, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/partners/links", new { linkCode, partnerUserId }, ct);
        return response.StatusCode == HttpStatusCode.Created;
    }

    /// <summary>Your events whose time falls on <paramref name="chinaDay"/> (China time), as CSV: eventId,status,code,credits,grams.</summary>
    public async Task<string> GetReconciliationAsync(DateOnly chinaDay, CancellationToken ct = default)
    {
        using var response = await SendAsync(HttpMethod.Get,
            "api/partners/reconciliation?date=" + chinaDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), body: null, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>The <c>X-Signature</c> value for a call.</summary>
    public static string Sign(string secret, string timestamp, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{timestamp}.{method.ToUpperInvariant()}.{pathAndQuery}.");
        var signed = new byte[head.Length + body.Length];
        head.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(head.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, object? body, CancellationToken ct)
    {
        var uri = new Uri(http.BaseAddress ?? throw new InvalidOperationException("Set the HttpClient's BaseAddress to the platform."), relativeUri);
        var bytes = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        request.Headers.Add("X-Partner-Id", partnerCode);
        request.Headers.Add("X-Timestamp", timestamp);
        // The path and query exactly as they go on the request line (escaped), which is what the platform checks.
        request.Headers.Add("X-Signature", Sign(secret, timestamp, method.Method, uri.PathAndQuery, bytes));

        var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            Problem? problem = null;
            try
            {
                problem = await response.Content.ReadFromJsonAsync<Problem>(Json, ct);
            }
            catch (JsonException)
            {
                // Not problem details (a proxy's error page): the status says enough.
            }
            throw new PartnerApiException(response.StatusCode, problem?.Code, problem?.Detail, response.Headers.RetryAfter?.Delta);
        }
    }

    private sealed record EventsAnswer(IReadOnlyList<PartnerEventResult> Results);

    private sealed record SettlementsAnswer(IReadOnlyList<SettlementResult> Results);

    private sealed record Problem([property: JsonPropertyName("code")] string? Code, [property: JsonPropertyName("detail")] string? Detail);
}
