using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>A partner as the test holds it: the code and the secret an administrator was shown once.</summary>
public sealed record HttpPartner(string Code, string Secret, long SecretId);

/// <summary>
/// The real app for partner tests, on SQLite (<see cref="CarbonHuitongApp"/>'s own file) or on a PostgreSQL copy of its
/// own (the same app, told <c>Database:Provider=Postgres</c>). Partners are registered through the app's own
/// <see cref="PartnerService"/>, so their secrets are sealed with the app's key ring; citizens register and sign in
/// over HTTP; every partner call is signed as the issue specifies, with Core's reference <see cref="PartnerSignatures.Sign"/>.
/// </summary>
public sealed class PartnerHost : IAsyncDisposable
{
    private const string Password = "Green-Trip-2026";
    private readonly CarbonHuitongApp _sqlite;
    private readonly TestStore? _postgres;
    private int _citizens;

    private PartnerHost(CarbonHuitongApp sqlite, WebApplicationFactory<Program> app, TestStore? postgres, TestClock? clock)
    {
        _sqlite = sqlite;
        App = app;
        _postgres = postgres;
        Clock = clock;
    }

    public WebApplicationFactory<Program> App { get; }

    /// <summary>The app's clock when the test set one; partner calls are then signed at its time.</summary>
    public TestClock? Clock { get; }

    /// <summary>The store the app runs on: the SQLite file, or the PostgreSQL database.</summary>
    public TestStore Store => _postgres ?? _sqlite.Database;

    /// <param name="clock">The app's clock, for a test that moves time (the app runs on the system clock otherwise).</param>
    public static async Task<PartnerHost> StartAsync(ITestStores stores, Action<CarbonHuitongApp>? configure = null, TestClock? clock = null)
    {
        var sqlite = clock is null ? new CarbonHuitongApp() : new CarbonHuitongApp { TestServices = services => services.AddSingleton<TimeProvider>(clock) };
        configure?.Invoke(sqlite);
        if (stores is SqliteTestStores) return new PartnerHost(sqlite, sqlite, null, clock);
        var postgres = await stores.CreateAsync();
        var app = sqlite.WithWebHostBuilder(web => web
            .UseSetting(WebSetup.ProviderSetting, postgres.Provider.ToString())
            .UseSetting($"ConnectionStrings:{WebSetup.ConnectionStringName}", postgres.ConnectionString));
        return new PartnerHost(sqlite, app, postgres, clock);
    }

    public HttpClient CreateClient() => App.CreateClient();

    public async Task<HttpPartner> RegisterPartnerAsync(string? code = null, params string[] behaviours)
    {
        code ??= "p-" + Guid.NewGuid().ToString("N")[..10];
        if (behaviours.Length == 0) behaviours = [Methodology.MetroRide, Methodology.Walking, Methodology.SharedBicycle, Methodology.BusRide];
        using var scope = App.Services.CreateScope();
        var issued = await scope.ServiceProvider.GetRequiredService<PartnerService>()
            .RegisterAsync(Actors.MallAdmin, new PartnerDraft(code, $"测试伙伴 {code}", $"Test partner {code}", behaviours));
        return new HttpPartner(code, issued.Secret, issued.SecretId);
    }

    /// <summary>Runs <paramref name="change"/> on the app's own partner service (so the app's cache of secrets hears of it).</summary>
    public async Task<T> AdministerAsync<T>(Func<PartnerService, Task<T>> change)
    {
        using var scope = App.Services.CreateScope();
        return await change(scope.ServiceProvider.GetRequiredService<PartnerService>());
    }

    public Task AdministerAsync(Func<PartnerService, Task> change) => AdministerAsync(async s =>
    {
        await change(s);
        return true;
    });

    /// <summary>A newly registered citizen's app client, signed in with a bearer token.</summary>
    public async Task<HttpClient> CitizenAsync()
    {
        var email = $"partner.citizen.{Interlocked.Increment(ref _citizens)}.{Guid.NewGuid():N}@example.com";
        var client = CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/register", new { email, password = Password })).StatusCode);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The citizen asks for a code for <paramref name="partner"/>; the link code as the page shows it.</summary>
    public static async Task<string> LinkCodeAsync(HttpClient citizen, HttpPartner partner)
    {
        var response = await citizen.PostAsJsonAsync("/api/me/partner-links", new { partnerCode = partner.Code });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("linkCode").GetString()!;
    }

    /// <summary>A citizen linked to <paramref name="partner"/> as its user <paramref name="partnerUserId"/>, the way the two of them do it.</summary>
    public async Task<HttpClient> LinkedCitizenAsync(HttpPartner partner, string partnerUserId)
    {
        var citizen = await CitizenAsync();
        var redeemed = await SendAsync(partner, HttpMethod.Post, "/api/partners/links",
            new { linkCode = await LinkCodeAsync(citizen, partner), partnerUserId });
        Assert.Equal(HttpStatusCode.Created, redeemed.StatusCode);
        return citizen;
    }

    public static string Json(object body) => JsonSerializer.Serialize(body, JsonSerializerOptions.Web);

    public Task<HttpResponseMessage> SendAsync(HttpPartner partner, HttpMethod method, string pathAndQuery, object? body = null) =>
        SendRawAsync(partner.Code, partner.Secret, method, pathAndQuery, body is null ? "" : Json(body));

    /// <summary>A signed call, with every part a test may want wrong: the secret, the time, or the body after signing.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(string partnerId, string secret, HttpMethod method, string pathAndQuery, string body,
        DateTimeOffset? signedAt = null, string? sentBody = null, string? sentTimestamp = null, HttpClient? client = null,
        string? contentType = "application/json")
    {
        var timestamp = (signedAt ?? Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(method, pathAndQuery);
        var sent = sentBody ?? body;
        if (sent.Length > 0 || method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(sent));
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        request.Headers.Add("X-Partner-Id", partnerId);
        request.Headers.Add("X-Timestamp", sentTimestamp ?? timestamp);
        request.Headers.Add("X-Signature", PartnerSignatures.Sign(secret, timestamp, method.Method, pathAndQuery, Encoding.UTF8.GetBytes(body)));
        return await (client ?? SharedClient).SendAsync(request);
    }

    private HttpClient? _shared;
    private HttpClient SharedClient => _shared ??= CreateClient();

    public static object Event(string eventId, string partnerUserId, string behaviourCode, decimal quantity, DateTimeOffset occurredAt) =>
        new { eventId, partnerUserId, behaviourCode, quantity, occurredAt };

    public Task<HttpResponseMessage> SendEventsAsync(HttpPartner partner, params object[] events) =>
        SendAsync(partner, HttpMethod.Post, "/api/partners/events", new { events });

    /// <summary>The results of a batch that must be answered 200.</summary>
    public async Task<JsonElement[]> IngestAsync(HttpPartner partner, params object[] events)
    {
        var response = await SendEventsAsync(partner, events);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
    }

    /// <summary>The rows that any partner call may write, counted: nothing may change on a refused call.</summary>
    public async Task<(int Events, int Entries, int Links, int RedeemedCodes, long Counted)> WrittenAsync()
    {
        await using var db = Store.CreateContext();
        return (await CountAsync(db.PartnerEvents), await CountAsync(db.LedgerEntries), await CountAsync(db.PartnerLinks),
            await CountAsync(db.PartnerLinkCodes.Where(c => c.RedeemedAt != null)),
            db.PartnerDailyCounts.Select(c => c.Events).AsEnumerable().Sum());
    }

    private static Task<int> CountAsync<T>(IQueryable<T> rows) => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(rows);

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {status} {code}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        _shared?.Dispose();
        if (!ReferenceEquals(App, _sqlite)) await App.DisposeAsync();
        await _sqlite.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
