using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// Only a browser opening a page is sent to sign in, by a redirect that names no host; every other client (an app with
/// a bearer token, a script fetching the CSV reports) gets 401 or 403 problem details, wherever the path is.
/// </summary>
public sealed class SignInChallengeTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string> Reports => new() { "/admin/reports/batches.csv", "/admin/reports/projects.csv", "/admin/reports/platform.csv" };

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_citizen_s_bearer_token_on_a_csv_report_gets_403_problem_details(string path)
    {
        var citizen = await _app.BearerCitizenAsync($"csv.reader.{path.Length}.{Guid.NewGuid():N}@example.com");

        var response = await citizen.GetAsync(path);

        await AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden", response);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_csv_report_without_a_token_gets_401_problem_details(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);

        await AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", response);
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_csv_report_with_a_bad_token_gets_401_problem_details(string path)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");

        var response = await client.GetAsync(path);

        await AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", response);
    }

    [Fact]
    public async Task A_client_asking_for_csv_gets_the_problem_as_json_all_the_same()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/csv");

        var response = await client.GetAsync("/admin/reports/batches.csv");

        await AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", response);
    }

    [Fact]
    public async Task A_bearer_token_that_also_accepts_html_is_still_not_a_browser_page()
    {
        var citizen = await _app.BearerCitizenAsync("html.bearer@example.com");
        citizen.DefaultRequestHeaders.Accept.ParseAdd(CarbonHuitongApp.BrowserAccept);

        await AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden", await citizen.GetAsync("/admin/reports/batches.csv"));
        await AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden", await citizen.GetAsync("/admin/validator"));
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task A_browser_without_a_cookie_is_sent_to_sign_in_by_a_relative_redirect(string path)
    {
        var response = await _app.CreateBrowser().GetAsync(path);

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login?ReturnUrl=", response);
    }

    [Fact]
    public async Task A_navigation_that_says_so_is_a_browser_page_even_without_an_html_accept()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ledger");
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        request.Headers.Add("Sec-Fetch-Dest", "document");

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", await client.SendAsync(request));
    }

    [Fact]
    public async Task A_page_fetched_by_a_script_gets_401_problem_details()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ledger");
        request.Headers.Add("Sec-Fetch-Mode", "cors");
        request.Headers.Accept.ParseAdd("application/json");

        await AssertProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", await client.SendAsync(request));
    }

    [Fact]
    public async Task A_signed_in_citizen_s_browser_is_sent_to_access_denied_by_a_relative_redirect()
    {
        var browser = await _app.SignedInBrowserAsync("cookie.citizen@example.com");

        CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", await browser.GetAsync("/admin/reports/batches.csv"));
    }

    [Fact]
    public async Task A_forged_host_header_is_never_named_in_the_sign_in_redirect()
    {
        var browser = EvilHostBrowser();

        var response = await browser.GetAsync("/ledger");

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login?ReturnUrl=%2Fledger", response);
        Assert.DoesNotContain("evil.example", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_forged_host_header_is_never_named_in_the_redirect_after_signing_in()
    {
        var browser = EvilHostBrowser();
        await _app.RegisterAsync(browser, "forged.host@example.com");

        var response = await CarbonHuitongApp.PostSignInFormAsync(browser, "forged.host@example.com", "Green-Trip-2026");

        CarbonHuitongApp.AssertRedirectsTo("/ledger", response);
    }

    [Fact]
    public async Task A_forged_host_header_is_never_named_in_the_access_denied_redirect()
    {
        var browser = EvilHostBrowser();
        await _app.RegisterAsync(browser, "forged.citizen@example.com");
        await CarbonHuitongApp.SignInWithFormAsync(browser, "forged.citizen@example.com");

        CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", await browser.GetAsync("/admin"));
    }

    private HttpClient EvilHostBrowser()
    {
        var browser = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("http://evil.example/") });
        browser.DefaultRequestHeaders.Accept.ParseAdd(CarbonHuitongApp.BrowserAccept);
        return browser;
    }

    private static async Task AssertProblemAsync(HttpStatusCode status, string code, HttpResponseMessage response)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }
}
