using System.Net;
using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

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

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_citizen_is_refused_the_validator_simulator()
    {
        var browser = _app.CreateBrowser();
        await _app.RegisterAsync(browser, "curious.citizen@example.com");
        await CarbonHuitongApp.SignInWithFormAsync(browser, "curious.citizen@example.com");

        var response = await browser.GetAsync("/admin/validator");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_mall_administrator_opens_the_validator_simulator()
    {
        var browser = _app.CreateBrowser();
        await _app.RegisterAsync(browser, "admin@example.com");
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync("admin@example.com"))!, Roles.MallAdmin);
        }
        await CarbonHuitongApp.SignInWithFormAsync(browser, "admin@example.com");

        var response = await browser.GetAsync("/admin/validator");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Validator simulator", await response.Content.ReadAsStringAsync());
    }
}
