using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// Input a careless client or an attacker sends, through the real app: each is refused with a 4xx problem and a
/// stable code, or served, and none answers 500.
/// </summary>
public sealed class BadInputHttpTests(BadInputHttpTests.Host host) : IClassFixture<BadInputHttpTests.Host>
{
    private readonly CarbonHuitongApp _app = host.App;

    [Theory]
    [InlineData("from=0001-01-01")]
    [InlineData("to=9999-12-31")]
    [InlineData("from=0001-01-01&to=9999-12-31")]
    public async Task The_ledger_takes_the_first_and_last_dates_there_are(string query)
    {
        var response = await host.Citizen.GetAsync($"/api/me/ledger?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData(2147483647, 100)]
    [InlineData(2, 100)]
    [InlineData(21474837, 100)]
    public async Task A_page_past_the_last_answers_no_items_and_the_real_page_count(int page, int pageSize)
    {
        var response = await host.Citizen.GetAsync($"/api/me/ledger?page={page}&pageSize={pageSize}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, json.GetProperty("items").GetArrayLength());
        Assert.Equal((page, 2, 1), (json.GetProperty("page").GetInt32(), json.GetProperty("totalCount").GetInt32(), json.GetProperty("pageCount").GetInt32()));
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=-2147483648&pageSize=100")]
    public async Task A_page_or_size_out_of_range_is_400_bad_page(string query)
    {
        var response = await host.Citizen.GetAsync($"/api/me/ledger?{query}");

        await AssertProblemAsync(HttpStatusCode.BadRequest, "bad_page", response);
    }

    [Theory]
    [InlineData("page=2147483648")]
    [InlineData("from=10000-01-01")]
    [InlineData("to=0000-12-31")]
    public async Task A_page_or_date_that_is_not_a_number_or_date_is_400_bad_request(string query)
    {
        var response = await host.Citizen.GetAsync($"/api/me/ledger?{query}");

        await AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request", response);
    }

    public static TheoryData<string, string> NullFields => new()
    {
        { "/api/auth/login", """{"email":null,"password":"Green-Trip-2026"}""" },
        { "/api/auth/login", """{"email":"rider@example.com","password":null}""" },
        { "/api/auth/register", """{"email":null,"password":"Green-Trip-2026"}""" },
        { "/api/auth/register", """{"email":"someone.new@example.com","password":null}""" },
        { "/api/auth/forgotPassword", """{"email":null}""" },
        { "/api/auth/resendConfirmationEmail", """{"email":null}""" },
        { "/api/auth/resetPassword", """{"email":null,"resetCode":"x","newPassword":"Green-Trip-2027"}""" },
        { "/api/auth/resetPassword", """{"email":"rider@example.com","resetCode":null,"newPassword":null}""" },
        { "/api/auth/refresh", """{"refreshToken":null}""" },
    };

    [Theory]
    [MemberData(nameof(NullFields))]
    public async Task Json_null_for_a_required_field_is_a_400_validation_problem(string path, string body)
    {
        var response = await _app.CreateClient().PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request", response);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any());
    }

    [Theory]
    [InlineData("/api/auth/login", "application/json; charset=foo")]
    [InlineData("/api/me/redemptions", "application/json; charset=foo")]
    [InlineData("/api/terminal/scans", "application/json; charset=utf-7")]
    [InlineData("/api/auth/register", "application/json; charset=\"\"")]
    [InlineData("/Account/Login", "application/x-www-form-urlencoded; charset=foo")]
    public async Task A_charset_nobody_can_read_is_415_unsupported_media_type(string path, string contentType)
    {
        var content = new ByteArrayContent("""{"email":"a@b.c","password":"x"}"""u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await host.Citizen.PostAsync(path, content);

        await AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", response);
    }

    [Fact]
    public async Task A_known_charset_other_than_utf8_is_still_read()
    {
        var content = new ByteArrayContent(Encoding.Unicode.GetBytes("""{"email":"rider@example.com","password":"Green-Trip-2026"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-16");

        var response = await _app.CreateClient().PostAsync("/api/auth/login", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<JsonElement> AssertProblemAsync(HttpStatusCode status, string code, HttpResponseMessage response)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    /// <summary>One app for the class, with a citizen of two rides signed in by bearer token.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public CarbonHuitongApp App { get; } = new();
        public HttpClient Citizen { get; private set; } = null!;

        public async Task InitializeAsync() => Citizen = await App.BearerCitizenAsync("rider@example.com", busRides: 2);

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
