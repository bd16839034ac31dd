using System.Net;
using System.Text.RegularExpressions;

namespace CarbonHuitong.Tests.Web;

/// <summary>Every response, page or API, file or error, carries the security headers, and a page's one inline script its nonce.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, HttpStatusCode> Responses => new()
    {
        { "/", HttpStatusCode.OK },
        { "/methodology", HttpStatusCode.OK },
        { "/Account/Login", HttpStatusCode.OK },
        { "/app.css", HttpStatusCode.OK },
        { "/images/bus-coupon.svg", HttpStatusCode.OK },
        { "/api/me/ledger", HttpStatusCode.Unauthorized },
        { "/admin/reports/batches.csv", HttpStatusCode.Unauthorized },
        { "/api/nothing-here", HttpStatusCode.NotFound },
        { "/nothing-here", HttpStatusCode.NotFound },
        { "/ledger", HttpStatusCode.Redirect },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task The_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        var client = path == "/ledger" ? _app.CreateBrowser() : _app.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches(@"(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)", policy);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.Contains("style-src 'self' 'unsafe-inline'", policy);
        Assert.Contains("img-src 'self' data: https:", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        Assert.Contains("camera=()", permissions);
        Assert.Contains("geolocation=()", permissions);
    }

    [Fact]
    public async Task A_page_s_only_inline_script_is_the_import_map_with_this_response_s_nonce()
    {
        var first = await _app.CreateClient().GetAsync("/");
        var second = await _app.CreateClient().GetAsync("/");

        var nonce = NonceOf(first);
        Assert.NotEqual(nonce, NonceOf(second));
        var html = await first.Content.ReadAsStringAsync();
        var scripts = Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.Contains(scripts, s => s.Contains("blazor.web"));
        var inline = Assert.Single(scripts, s => !s.Contains(" src="));
        Assert.Contains("type=\"importmap\"", inline);
        Assert.Equal(nonce, WebUtility.HtmlDecode(Regex.Match(inline, "nonce=\"([^\"]+)\"").Groups[1].Value));
    }

    private static string NonceOf(HttpResponseMessage response) =>
        Regex.Match(response.Headers.GetValues("Content-Security-Policy").Single(), "'nonce-([^']+)'").Groups[1].Value;
}
