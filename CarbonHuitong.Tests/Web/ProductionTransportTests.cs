using System.Net;
using System.Net.Http.Json;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// With the shipped settings in Production: HTTPS only (redirect, HSTS) and Secure cookies. The other tests run the
/// app over plain HTTP by setting <see cref="TransportSecurity.RequiredSetting"/> to false; here it is left as shipped.
/// </summary>
public sealed class ProductionTransportTests : IAsyncLifetime
{
    // HSTS is never sent to localhost, so the client names a real-looking host.
    private static readonly Uri Site = new("https://carbonhuitong.example/");
    private readonly CarbonHuitongApp _database = new() { PlainHttp = false };
    private WebApplicationFactory<Program> _app = default!;

    public Task InitializeAsync()
    {
        _app = _database.WithWebHostBuilder(web => web
            .UseEnvironment("Production")
            .UseSetting("https_port", "443"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient Browser(Uri site) => _app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = site, AllowAutoRedirect = false, HandleCookies = true,
    });

    [Fact]
    public async Task Over_https_the_sign_in_and_antiforgery_cookies_are_secure_and_hsts_is_sent()
    {
        var browser = Browser(Site);
        var register = await browser.PostAsJsonAsync("/api/auth/register", new { email = "secure.cookie@example.com", password = "Green-Trip-2026" });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        var form = await browser.GetAsync("/Account/Login");
        Assert.Contains("max-age=", Assert.Single(form.Headers.GetValues("Strict-Transport-Security")));
        Assert.All(SetCookies(form, ".AspNetCore.Antiforgery"), cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));

        var signIn = await CarbonHuitongApp.PostSignInFormAsync(browser, "secure.cookie@example.com", "Green-Trip-2026");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var identity = Assert.Single(SetCookies(signIn, ".AspNetCore.Identity.Application"));
        Assert.Contains("; secure", identity, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", identity, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_culture_cookie_is_secure_too()
    {
        var response = await Browser(Site).GetAsync("/culture?culture=en&redirectUri=/");

        var culture = Assert.Single(SetCookies(response, ".AspNetCore.Culture"));
        Assert.Contains("; secure", culture, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_gets_no_hsts()
    {
        var response = await Browser(new Uri("http://carbonhuitong.example/")).GetAsync("/ledger");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://carbonhuitong.example/ledger", response.Headers.Location!.ToString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static List<string> SetCookies(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => c.StartsWith(name, StringComparison.Ordinal)).ToList() : [];
}
