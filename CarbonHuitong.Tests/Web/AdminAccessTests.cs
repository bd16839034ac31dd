using System.Net;
using CarbonHuitong.Core;

namespace CarbonHuitong.Tests.Web;

/// <summary>Admin pages check the role on the server: the page never renders for anyone else.</summary>
public sealed class AdminAccessTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_signed_out_visitor_is_sent_to_sign_in()
    {
        var response = await _app.CreateBrowser().GetAsync("/admin/validator");

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", response);
    }

    [Fact]
    public async Task A_citizen_is_refused_the_validator_simulator()
    {
        var browser = await _app.SignedInBrowserAsync("curious.citizen@example.com");

        var response = await browser.GetAsync("/admin/validator");

        CarbonHuitongApp.AssertRedirectsTo("/Account/AccessDenied", response);
    }

    [Fact]
    public async Task A_mall_administrator_opens_the_validator_simulator()
    {
        var browser = await _app.SignedInBrowserAsync("admin@example.com", Roles.MallAdmin);

        var response = await browser.GetAsync("/admin/validator");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Validator simulator", await response.Content.ReadAsStringAsync());
    }
}
