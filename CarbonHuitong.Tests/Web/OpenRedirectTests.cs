using System.Net;
using System.Text.RegularExpressions;

namespace CarbonHuitong.Tests.Web;

/// <summary>A return address the client names is followed only when it is a path on this site; otherwise home.</summary>
public sealed class OpenRedirectTests(BadInputHttpTests.Host host) : IClassFixture<BadInputHttpTests.Host>
{
    public static TheoryData<string> OffSite => new()
    {
        "https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "http:evil.example", "\\\\evil.example",
        "/\t/evil.example",
    };

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task Signing_in_with_an_off_site_return_address_signs_in_and_goes_home(string returnUrl)
    {
        var browser = host.App.CreateBrowser();

        var response = await PostSignInAsync(browser, "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", PathOf(response.Headers.Location!));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me/account")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_with_a_return_address_on_the_site_goes_there()
    {
        var response = await PostSignInAsync(host.App.CreateBrowser(), "/Account/Login?ReturnUrl=" + Uri.EscapeDataString("/mall?tab=2"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/mall?tab=2", PathOf(response.Headers.Location!));
    }

    [Theory]
    [MemberData(nameof(OffSite))]
    public async Task The_language_switch_sends_an_off_site_address_home(string redirectUri)
    {
        var response = await host.App.CreateBrowser().GetAsync("/culture?culture=en&redirectUri=" + Uri.EscapeDataString(redirectUri));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    private static string PathOf(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private static async Task<HttpResponseMessage> PostSignInAsync(HttpClient browser, string action)
    {
        var form = await browser.GetStringAsync("/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = "rider@example.com",
            ["Input.Password"] = "Green-Trip-2026",
        }));
    }
}
