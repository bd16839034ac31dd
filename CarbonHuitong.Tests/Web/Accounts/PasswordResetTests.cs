using System.Net;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Tests.Web.Accounts;

/// <summary>Forgot password, end to end over HTTP: the link, the new password, and nothing secret in the logs.</summary>
public sealed partial class PasswordResetTests : IAsyncLifetime
{
    private const string NewPassword = "Cycled-Home-2027";
    private readonly LogCapture _logs = new();
    private readonly RecordingAccountMessages _messages = new();
    private CarbonHuitongApp _app = default!;

    public Task InitializeAsync()
    {
        _app = new CarbonHuitongApp { TestServices = services => services.AddSingleton<ILoggerProvider>(_logs) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private WebApplicationFactory<Program> InEnvironment(string environment, bool withSender = false) => _app.WithWebHostBuilder(web =>
    {
        web.UseEnvironment(environment).UseSetting("Demo:Seed", "false");
        if (withSender) web.ConfigureServices(services => services.AddScoped<IAccountMessageSender>(_ => _messages));
    });

    private static HttpClient BrowserOf(WebApplicationFactory<Program> app)
    {
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Accept.ParseAdd(CarbonHuitongApp.BrowserAccept);
        return browser;
    }

    [Fact]
    public async Task In_development_the_page_shows_the_link_which_sets_a_new_password_once_and_the_logs_hold_neither_link_nor_email()
    {
        var app = InEnvironment("Development");
        var browser = BrowserOf(app);
        await _app.RegisterAsync(app.CreateClient(), "forgetful.rider@example.com");

        var requested = await AccountForms.ForgotPasswordAsync(browser, "forgetful.rider@example.com");
        var link = WebUtility.HtmlDecode(DevelopmentLink().Match(requested).Groups[1].Value);
        Assert.StartsWith("/Account/ResetPassword?code=", link);

        var (reset, _) = await AccountForms.PostAsync(browser, link, "reset-password", new()
        {
            ["Input.Email"] = "forgetful.rider@example.com", ["Input.Password"] = NewPassword, ["Input.ConfirmPassword"] = NewPassword,
        });
        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", reset);
        await CarbonHuitongApp.SignInWithFormAsync(BrowserOf(app), "forgetful.rider@example.com", NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await CarbonHuitongApp.PostSignInFormAsync(BrowserOf(app), "forgetful.rider@example.com", "Green-Trip-2026")).StatusCode);

        var (again, page) = await AccountForms.PostAsync(browser, link, "reset-password", new()
        {
            ["Input.Email"] = "forgetful.rider@example.com", ["Input.Password"] = "Another-Try-2028", ["Input.ConfirmPassword"] = "Another-Try-2028",
        });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This link is not valid for this email, or it has expired.", page);
        _logs.AssertHoldsNone("forgetful.rider@example.com", link["/Account/ResetPassword?code=".Length..]);
    }

    [Fact]
    public async Task In_development_an_email_without_an_account_gets_the_same_answer_and_no_link()
    {
        var browser = BrowserOf(InEnvironment("Development"));

        var requested = await AccountForms.ForgotPasswordAsync(browser, "nobody.here@example.com");

        Assert.Contains("data-testid=\"reset-requested\"", requested);
        Assert.DoesNotContain("reset-development-link", requested);
    }

    [Fact]
    public async Task With_a_sender_the_link_goes_to_the_owner_and_the_page_answers_the_same_for_an_unknown_email()
    {
        var app = InEnvironment("Production", withSender: true);
        await _app.RegisterAsync(app.CreateClient(), "owner.of.mail@example.com");

        var known = await AccountForms.ForgotPasswordAsync(BrowserOf(app), "owner.of.mail@example.com");
        var unknown = await AccountForms.ForgotPasswordAsync(BrowserOf(app), "stranger@example.com");

        Assert.Equal(AccountForms.WhatAPersonReads(known), AccountForms.WhatAPersonReads(unknown));
        Assert.Contains("a link to set a new password is on its way", known);
        Assert.DoesNotContain("reset-development-link", known);
        var message = Assert.Single(_messages.Sent);
        Assert.Equal((AccountMessageKind.PasswordReset, "owner.of.mail@example.com", "en"), (message.Kind, message.Email, message.Culture));
        Assert.StartsWith("/Account/ResetPassword?code=", message.LinkPath);
        Assert.DoesNotContain(message.LinkPath!, message.ToString());
        _logs.AssertHoldsNone("owner.of.mail@example.com", "stranger@example.com", message.LinkPath!["/Account/ResetPassword?code=".Length..]);
    }

    [Fact]
    public async Task In_production_without_a_sender_the_page_says_the_flow_is_unavailable()
    {
        var app = InEnvironment("Production");
        await _app.RegisterAsync(app.CreateClient(), "no.mail@example.com");
        var browser = BrowserOf(app);

        var page = await browser.GetStringAsync("/Account/ForgotPassword");
        var posted = await browser.PostAsync("/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value,
            ["_handler"] = "forgot-password", ["Input.Email"] = "no.mail@example.com",
        }));

        Assert.Contains("data-testid=\"reset-unavailable\"", page);
        Assert.DoesNotContain("id=\"email\"", page);
        // A post made anyway promises nothing: there is no form to answer it.
        Assert.DoesNotContain("reset-requested", await posted.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("data-testid=\"reset-development-link\"[\\s\\S]*?href=\"([^\"]+)\"")]
    private static partial Regex DevelopmentLink();
}
