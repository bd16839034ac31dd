using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web.Fuzz;

/// <summary>
/// Every endpoint the app maps (read from its <see cref="EndpointDataSource"/>, so endpoints added later are covered
/// without a change here), every query, route and header parameter and every field of every JSON body, sent hostile
/// and careless values: as an anonymous client, as a signed-in citizen (bearer token) and as a validator (terminal key).
/// Nothing may answer 5xx, and every refusal from <c>/api</c> is problem details with a <c>code</c>.
/// Random combinations come from a fixed seed, so a failure reproduces; the failures are listed together.
/// </summary>
public sealed class ApiFuzzTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Seed = 20260314; // fixed: the same requests on every run
    private const int RandomCombinationsPerEndpoint = 12;

    // Thousands of requests from one address, most of them failures: with the shipped limits nearly all would answer
    // 429 and the fuzz would only test the limiter (RateLimitTests does that). Raised here, as a load test would.
    private readonly CarbonHuitongApp _app = new()
    {
        Settings =
        {
            ["RateLimits:SignInPerAddress:PermitLimit"] = "1000000",
            ["RateLimits:FailedSignInsPerAccount:PermitLimit"] = "1000000",
            ["RateLimits:ScansPerTerminal:PermitLimit"] = "1000000",
            ["RateLimits:FailedTerminalAuthsPerAddress:PermitLimit"] = "1000000",
            ["RateLimits:PartnerCallsPerPartner:PermitLimit"] = "1000000",
            ["RateLimits:CitizenCallsPerUser:PermitLimit"] = "1000000",
        },
    };
    private readonly Random _random = new(Seed);
    private readonly List<string> _failures = [];
    private HttpClient _client = null!;
    private string _bearerToken = null!;
    private string _terminalKey = null!;
    private int _sent;
    private readonly SortedDictionary<int, int> _statuses = [];

    public async Task InitializeAsync()
    {
        var citizen = await _app.BearerCitizenAsync("fuzz.citizen@example.com", busRides: 3);
        _bearerToken = citizen.DefaultRequestHeaders.Authorization!.Parameter!;
        using (var scope = _app.Services.CreateScope())
            _terminalKey = await scope.ServiceProvider.GetRequiredService<TerminalService>()
                .RegisterAsync(Actors.MallAdmin, "CQ-FUZZ-0001", "871", "Fuzz line");
        // No cookies: a fuzzed sign-in with useCookies=true must not turn the anonymous client into a signed-in one.
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// A citizen of its own for each endpoint: a fuzzed request with the right password may change it or close the
    /// account (and so end the token), which must not turn the next endpoint's citizen requests into plain 401s.
    /// </summary>
    private async Task SignInFreshCitizenAsync()
    {
        var citizen = await _app.BearerCitizenAsync($"fuzz.citizen.{Interlocked.Increment(ref _fresh)}@example.com", busRides: 3);
        _bearerToken = citizen.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    [Fact]
    public async Task Every_query_route_and_header_parameter_of_every_endpoint_is_refused_with_a_code_or_served_never_a_5xx()
    {
        var endpoints = Endpoints();
        AssertCovers(endpoints);

        foreach (var endpoint in endpoints)
        foreach (var identity in IdentitiesFor(endpoint))
        {
            await SignInFreshCitizenAsync();
            var body = endpoint.Body is { } type ? JsonSerializer.Serialize(BaseBody(type)) : null;
            foreach (var parameter in endpoint.Parameters)
            {
                foreach (var value in ValuesFor(parameter.Type).Where(v => Sendable(parameter, v)))
                    await SendAsync(endpoint, identity, new() { [parameter] = [value] }, body, "application/json", $"{parameter.Name}={Show(value)}");
                // The same parameter twice, as a proxy or a careless client may send it.
                await SendAsync(endpoint, identity, new() { [parameter] = ["1", "2"] }, body, "application/json", $"{parameter.Name} twice");
            }
            for (var i = 0; i < RandomCombinationsPerEndpoint && endpoint.Parameters.Count > 1; i++)
            {
                var values = endpoint.Parameters.ToDictionary(p => p, p => new[] { Pick(ValuesFor(p.Type).Where(v => Sendable(p, v)).ToList()) });
                await SendAsync(endpoint, identity, values, body, "application/json", $"combination {i}");
            }
            await SendAsync(endpoint, identity, [], body, "application/json", "unknown query key", extraQuery: "zzz=%00&=&&page");
        }

        AssertNoFailures();
    }

    [Fact]
    public async Task Every_field_of_every_json_body_and_every_body_and_media_type_is_refused_with_a_code_or_served_never_a_5xx()
    {
        var endpoints = Endpoints().Where(e => e.Body is not null || e.FormFields.Count > 0).ToList();
        Assert.Contains(endpoints, e => e.Path == "/api/terminal/scans");
        Assert.Contains(endpoints, e => e.Path == "/api/auth/login");

        foreach (var endpoint in endpoints)
        foreach (var identity in IdentitiesFor(endpoint))
        {
            await SignInFreshCitizenAsync();
            if (endpoint.Body is { } type) await FuzzJsonAsync(endpoint, identity, type);
            else await FuzzFormAsync(endpoint, identity);
            foreach (var contentType in FuzzInputs.ContentTypes)
                await SendAsync(endpoint, identity, [], BaseBodyText(endpoint), contentType, $"Content-Type {contentType ?? "(none)"}");
            foreach (var raw in FuzzInputs.RawBodies)
                await SendAsync(endpoint, identity, [], null, "application/json", $"raw bytes {Convert.ToHexString(raw.AsSpan(0, Math.Min(6, raw.Length)))}", raw);
        }

        AssertNoFailures();
    }

    private async Task FuzzJsonAsync(FuzzEndpoint endpoint, Identity identity, Type type)
    {
        var fields = BodyFields(type);
        foreach (var field in fields)
        {
            foreach (var value in FuzzInputs.JsonValues)
                await SendJsonAsync(endpoint, identity, BaseJson(type, (field, value)), $"{JsonName(field)}: {Show(value)}");
            await SendJsonAsync(endpoint, identity, BaseJson(type, (field, null)), $"{JsonName(field)} missing");
            // A duplicate key: System.Text.Json keeps the last, and neither may break anything.
            await SendJsonAsync(endpoint, identity, BaseJson(type).TrimEnd('}') + $",\"{JsonName(field)}\":null}}", $"{JsonName(field)} twice");
        }
        for (var i = 0; i < RandomCombinationsPerEndpoint; i++)
        {
            var mutated = fields.Where(_ => _random.Next(2) == 0).Select(f => (f, (string?)Pick(FuzzInputs.JsonValues))).ToArray();
            await SendJsonAsync(endpoint, identity, BaseJson(type, mutated), $"combination {i}");
        }
        await SendJsonAsync(endpoint, identity, BaseJson(type).TrimEnd('}') + ",\"unexpected\":{\"deep\":[1,2,3]}}", "an extra key");
        foreach (var body in FuzzInputs.JsonBodies) await SendJsonAsync(endpoint, identity, body, $"body {Show(body)}");
    }

    private async Task FuzzFormAsync(FuzzEndpoint endpoint, Identity identity)
    {
        foreach (var field in endpoint.FormFields)
        foreach (var value in FuzzInputs.Texts)
        {
            var form = new FormUrlEncodedContent(new Dictionary<string, string> { [field] = value });
            await SendAsync(endpoint, identity, [], null, null, $"form {field}={Show(value)}", await form.ReadAsByteArrayAsync(),
                "application/x-www-form-urlencoded");
        }
    }

    private Task SendJsonAsync(FuzzEndpoint endpoint, Identity identity, string body, string what) =>
        SendAsync(endpoint, identity, [], body, "application/json", what);

    private async Task SendAsync(FuzzEndpoint endpoint, Identity identity, Dictionary<FuzzParameter, string[]> values, string? body,
        string? contentType, string what, byte[]? raw = null, string? rawContentType = null, string? extraQuery = null)
    {
        var (path, query, headers) = endpoint.Build(values, identity == Identity.Validator ? _terminalKey : null);
        if (extraQuery is not null) query = query.Length == 0 ? "?" + extraQuery : query + "&" + extraQuery;
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), path + query);
        if (raw is not null || body is not null)
        {
            request.Content = new ByteArrayContent(raw ?? Encoding.UTF8.GetBytes(body!));
            var type = rawContentType ?? contentType;
            if (type is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        if (identity == Identity.Citizen) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        // Half in each language, so the refusal texts of both are read.
        request.Headers.AcceptLanguage.ParseAdd(_sent++ % 2 == 0 ? "en" : "zh-CN");

        var response = await _client.SendAsync(request);
        var status = (int)response.StatusCode;
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        var describe = $"{endpoint.Method} {endpoint.Path} as {identity} [{what}]";
        if (status >= 500)
        {
            _failures.Add($"{describe} → {status}: {Show(await response.Content.ReadAsStringAsync())}");
            return;
        }
        if (status < 400 || !endpoint.Path.StartsWith("/api", StringComparison.Ordinal)) return;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            _failures.Add($"{describe} → {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not problem details");
            return;
        }
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!problem.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(code.GetString()))
            _failures.Add($"{describe} → {status} problem without a code: {Show(problem.ToString())}");
    }

    private enum Identity { Anonymous, Citizen, Validator }

    /// <summary>Anonymous everywhere; a citizen's bearer token where a user is required; the validator's key where a header names one.</summary>
    private static IEnumerable<Identity> IdentitiesFor(FuzzEndpoint endpoint)
    {
        yield return Identity.Anonymous;
        if (endpoint.RequiresUser) yield return Identity.Citizen;
        if (endpoint.Parameters.Any(p => p.Source == ParameterSource.Header)) yield return Identity.Validator;
    }

    private List<FuzzEndpoint> Endpoints()
    {
        var source = _app.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            // Route handlers (minimal APIs) carry their MethodInfo; static files and Razor pages do not.
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null && !e.RoutePattern.Parameters.Any(p => p.IsCatchAll))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Where(m => m != "HEAD")
                .Select(method => FuzzEndpoint.From(e, method)))
            .OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToList();
    }

    private static void AssertCovers(List<FuzzEndpoint> endpoints)
    {
        Assert.True(endpoints.Count >= 20, $"Only {endpoints.Count} endpoints were found.");
        var ledger = Assert.Single(endpoints, e => e.Path == "/api/me/ledger");
        Assert.Equal(["behaviour", "from", "page", "pageSize", "to"], ledger.Parameters.Select(p => p.Name).Order());
        Assert.Contains(endpoints, e => e.Path == "/api/me/coupons/{id:long}" && e.Parameters.Any(p => p.Source == ParameterSource.Route));
        Assert.Contains(endpoints, e => e.Path == "/api/terminal/scans" && e.Parameters.Any(p => p.Source == ParameterSource.Header));
    }

    private void AssertNoFailures()
    {
        output.WriteLine($"{_sent} requests; by status: {string.Join(", ", _statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_sent} requests failed:\n" + string.Join("\n", _failures.Take(60)));
    }

    private static string[] ValuesFor(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(decimal) => FuzzInputs.Numbers,
        var t when t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) => FuzzInputs.Dates,
        var t when t == typeof(bool) => FuzzInputs.Booleans,
        _ => FuzzInputs.Texts,
    };

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    /// <summary>
    /// Line breaks and NUL cannot be put in a header at all (the client library and Kestrel both refuse them), nor NUL
    /// in a path (the test server refuses it before the app sees it).
    /// </summary>
    private static bool Sendable(FuzzParameter parameter, string value) => parameter.Source switch
    {
        ParameterSource.Header => !value.Any(c => c is '\r' or '\n' or '\0'),
        ParameterSource.Route => !value.Contains('\0'),
        _ => true,
    };

    private int _fresh;

    /// <summary>A plausible body, so a mutation of one field reaches as deep as it can: fresh ids, a real ride code.</summary>
    private Dictionary<string, object?> BaseBody(Type type) => BodyFields(type).ToDictionary(JsonName, f => BaseValue(f));

    private string BaseJson(Type type, params (PropertyInfo Field, string? Json)[] replaced)
    {
        var fields = BodyFields(type);
        var parts = new List<string>();
        foreach (var field in fields)
        {
            var replacement = replaced.FirstOrDefault(r => r.Field == field);
            if (replacement.Field is not null && replacement.Json is null) continue;
            parts.Add($"\"{JsonName(field)}\":{replacement.Json ?? JsonSerializer.Serialize(BaseValue(field))}");
        }
        return "{" + string.Join(",", parts) + "}";
    }

    private string? BaseBodyText(FuzzEndpoint endpoint) => endpoint.Body is { } type ? BaseJson(type) : "returnUrl=%2F";

    private object? BaseValue(PropertyInfo field)
    {
        var n = Interlocked.Increment(ref _fresh);
        var type = Nullable.GetUnderlyingType(field.PropertyType) ?? field.PropertyType;
        return field.Name.ToLowerInvariant() switch
        {
            "email" or "newemail" => $"fuzz.{n}@example.com",
            "password" or "newpassword" or "oldpassword" => "Green-Trip-2026",
            "ridecode" => IssueRideCode(),
            "scanid" or "requestid" => $"fuzz-{n}",
            _ when type == typeof(string) => "fuzz",
            _ when type == typeof(bool) => false,
            _ when type == typeof(DateTime) => DateTime.UtcNow,
            _ when type == typeof(DateOnly) => DateOnly.FromDateTime(DateTime.UtcNow),
            _ when type.IsPrimitive || type == typeof(decimal) => 1,
            _ => null,
        };
    }

    private string IssueRideCode()
    {
        using var scope = _app.Services.CreateScope();
        var accountId = scope.ServiceProvider.GetRequiredService<Core.Persistence.CarbonDbContext>().CarbonAccounts.Select(a => a.Id).First();
        return scope.ServiceProvider.GetRequiredService<RideCodes>().Issue(accountId).Token;
    }

    private static PropertyInfo[] BodyFields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray();

    private static string JsonName(PropertyInfo field) => JsonNamingPolicy.CamelCase.ConvertName(field.Name);

    private static string Show(string value) => value.Length > 60 ? $"{value[..40]}…({value.Length} chars)" : value;
}

public enum ParameterSource { Query, Route, Header }

public sealed record FuzzParameter(string Name, Type Type, ParameterSource Source);

/// <summary>One method of one route handler, with what it binds from the request as its metadata describes it.</summary>
public sealed record FuzzEndpoint(string Method, string Path, RoutePattern Pattern, IReadOnlyList<FuzzParameter> Parameters, Type? Body,
    IReadOnlyList<string> FormFields, bool RequiresUser)
{
    private static readonly Type[] Bound = [typeof(HttpContext), typeof(System.Security.Claims.ClaimsPrincipal), typeof(CancellationToken)];

    public static FuzzEndpoint From(RouteEndpoint endpoint, string method)
    {
        var parameters = new List<FuzzParameter>();
        var form = new List<string>();
        Type? body = null;
        foreach (var binding in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            var info = binding.ParameterInfo;
            if (Bound.Contains(info.ParameterType) || info.GetCustomAttribute<FromServicesAttribute>() is not null) continue;
            if (info.GetCustomAttribute<FromHeaderAttribute>() is { } header)
                parameters.Add(new(header.Name ?? binding.Name, info.ParameterType, ParameterSource.Header));
            else if (info.GetCustomAttribute<FromFormAttribute>() is { } formField) form.Add(formField.Name ?? binding.Name);
            else if (endpoint.RoutePattern.GetParameter(binding.Name) is not null)
                parameters.Add(new(binding.Name, info.ParameterType, ParameterSource.Route));
            else if (info.GetCustomAttribute<FromQueryAttribute>() is { } query)
                parameters.Add(new(query.Name ?? binding.Name, info.ParameterType, ParameterSource.Query));
            else if (binding.HasTryParse) parameters.Add(new(binding.Name, info.ParameterType, ParameterSource.Query));
        }
        if (form.Count == 0 && endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } requestType } accepts
            && accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)))
            body = requestType;
        var requiresUser = endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
        return new FuzzEndpoint(method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), endpoint.RoutePattern, parameters, body, form, requiresUser);
    }

    /// <summary>The path, query and headers for <paramref name="values"/>; a route value or key not given is a plausible one.</summary>
    public (string Path, string Query, List<(string, string)> Headers) Build(Dictionary<FuzzParameter, string[]> values, string? terminalKey)
    {
        var path = new StringBuilder();
        foreach (var segment in Pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(
                        Parameters.FirstOrDefault(p => p.Name == parameter.Name) is { } p && values.TryGetValue(p, out var v) ? v[0] : "1"),
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => "",
                });
        }
        var query = string.Join("&", values.Where(v => v.Key.Source == ParameterSource.Query)
            .SelectMany(v => v.Value.Select(value => $"{Uri.EscapeDataString(v.Key.Name)}={Uri.EscapeDataString(value)}")));
        var headers = Parameters.Where(p => p.Source == ParameterSource.Header)
            .Select(p => (p.Name, values.TryGetValue(p, out var v) ? v[0] : terminalKey))
            .Where(h => h.Item2 is not null).Select(h => (h.Name, h.Item2!)).ToList();
        return (path.Length == 0 ? "/" : path.ToString(), query.Length == 0 ? "" : "?" + query, headers);
    }
}
