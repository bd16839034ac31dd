using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CarbonHuitong.Benchmarks;

/// <summary>What came back: the status, and for a refusal its problem <c>code</c>; status 0 when nothing came back.</summary>
public sealed record Outcome(int Status, string? Code, JsonElement? Body)
{
    public bool Succeeded => Status is >= 200 and < 300;
    public bool ServerError => Status is 0 or >= 500;

    /// <summary>The counting key: the refusal's code, or the status when there is none.</summary>
    public string Label => Status == 0 ? "no_answer" : Code ?? Status.ToString();
}

/// <summary>HTTP to the app under test, on loopback only, with as many pooled connections as there are workers.</summary>
public sealed class BenchClient : IDisposable
{
    private readonly HttpClient _http;

    public BenchClient(Uri baseAddress, int connections, bool useCookies = false)
    {
        if (!IPAddress.IsLoopback(IPAddress.Parse(baseAddress.Host)))
            throw new ArgumentException("The benchmark only ever targets loopback.", nameof(baseAddress));
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = useCookies,
            CookieContainer = new CookieContainer(),
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public async Task<Outcome> SendAsync(HttpRequestMessage request, LatencyRecorder? latency = null, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            latency?.Record(started);
            JsonElement? json = null;
            if (body.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
                json = JsonSerializer.Deserialize<JsonElement>(body);
            var code = json is { ValueKind: JsonValueKind.Object } problem && problem.TryGetProperty("code", out var c) ? c.GetString() : null;
            return new Outcome((int)response.StatusCode, response.IsSuccessStatusCode ? null : code, json);
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Outcome(0, null, null);
        }
    }

    public Task<Outcome> PostJsonAsync<T>(string path, T payload, Action<HttpRequestHeaders>? headers = null,
        LatencyRecorder? latency = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(payload) };
        headers?.Invoke(request.Headers);
        return SendAsync(request, latency);
    }

    /// <summary>Time to the first byte of the body and to the whole response.</summary>
    public async Task<(int Status, long FirstByteTicks, long FullTicks)> TimeGetAsync(string path, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[16 * 1024];
        var read = await body.ReadAsync(buffer);
        var firstByte = Stopwatch.GetTimestamp() - started;
        while (read > 0) read = await body.ReadAsync(buffer);
        return ((int)response.StatusCode, firstByte, Stopwatch.GetTimestamp() - started);
    }

    /// <summary>Signs in through the app's own API; a bearer token, or the cookie kept by this client.</summary>
    public async Task<string?> SignInAsync(string email, string password, bool useCookies = false)
    {
        var outcome = await PostJsonAsync(useCookies ? "/api/auth/login?useCookies=true" : "/api/auth/login", new { email, password });
        if (!outcome.Succeeded) throw new InvalidOperationException($"Signing in {email} was refused: {outcome.Label}.");
        return useCookies ? null : outcome.Body!.Value.GetProperty("accessToken").GetString();
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public void Dispose() => _http.Dispose();
}
