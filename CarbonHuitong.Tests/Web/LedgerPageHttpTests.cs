using System.Net;

namespace CarbonHuitong.Tests.Web;

public sealed class LedgerPageHttpTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_signed_in_citizen_sees_their_balance_and_reduction_on_the_ledger_page()
    {
        var browser = await _app.SignedInBrowserAsync("page.rider@example.com");
        await LedgerSeeding.EarnBusRidesAsync(_app, "page.rider@example.com", 10);

        var response = await browser.GetAsync("/ledger");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("My carbon ledger", html);
        Assert.Matches("data-testid=\"balance\"[^>]*>11.00<", html);
        Assert.Matches("data-testid=\"reduced\"[^>]*>1.20 kg<", html);
        Assert.Matches("data-testid=\"green-trips\"[^>]*>10<", html);
    }

    [Fact]
    public async Task The_ledger_page_sends_a_signed_out_visitor_to_sign_in()
    {
        var response = await _app.CreateBrowser().GetAsync("/ledger");

        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", response);
    }

    [Fact]
    public async Task A_wrong_password_on_the_sign_in_form_says_so_and_signs_nobody_in()
    {
        var browser = _app.CreateBrowser();
        await _app.RegisterAsync(browser, "typo@example.com");

        var response = await CarbonHuitongApp.PostSignInFormAsync(browser, "typo@example.com", "Not-The-Password-9");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not right.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/ledger")).StatusCode);
    }

    [Fact]
    public async Task The_home_and_methodology_pages_are_public()
    {
        var browser = _app.CreateBrowser();

        Assert.Contains("Green trips, turned into bus fares", await browser.GetStringAsync("/"));
        var methodology = await browser.GetStringAsync("/methodology");
        Assert.Contains("45.72 g", methodology);
        Assert.Contains("2.29", methodology);
    }
}
