using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web.Accounts;

/// <summary>PIPL consent at registration (the web form and the app API), and a taken email that reveals nothing.</summary>
public sealed class RegistrationConsentTests : IAsyncLifetime
{
    private readonly RecordingAccountMessages _messages = new();
    private readonly CarbonHuitongApp _app;

    public RegistrationConsentTests() =>
        _app = new CarbonHuitongApp { TestServices = services => services.AddScoped<IAccountMessageSender>(_ => _messages) };

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_web_form_records_the_acceptance_of_the_current_terms_with_its_time_and_the_export_lists_it()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var (response, _) = await AccountForms.RegisterAsync(_app.CreateBrowser(), "consenting@example.com");
        CarbonHuitongApp.AssertRedirectsTo("/Account/Login", response);

        var accepted = Assert.Single(await AcceptancesOfAsync("consenting@example.com"));
        Assert.Equal((PlatformTerms.CurrentVersion, PlatformTerms.WebChannel), (accepted.Version, accepted.Channel));
        Assert.InRange(accepted.At, before, DateTime.UtcNow.AddSeconds(1));

        var browser = _app.CreateBrowser();
        await CarbonHuitongApp.SignInWithFormAsync(browser, "consenting@example.com");
        using var export = JsonDocument.Parse(await browser.GetStringAsync("/api/me/export"));
        var listed = Assert.Single(export.RootElement.GetProperty("termsAcceptances").EnumerateArray().ToList());
        Assert.Equal(PlatformTerms.CurrentVersion, listed.GetProperty("version").GetString());
        Assert.Equal("web", listed.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task The_web_form_refuses_a_registration_without_consent_and_makes_no_account()
    {
        var (response, page) = await AccountForms.RegisterAsync(_app.CreateBrowser(), "hasty@example.com", acceptsTerms: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("To register, accept the user agreement and the privacy policy.", page);
        Assert.Null(await FindUserAsync("hasty@example.com"));
    }

    [Fact]
    public async Task The_form_asks_for_consent_with_links_to_both_documents_and_their_version_in_chinese_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Register");
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var page = await (await _app.CreateBrowser().SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("id=\"accept-terms\"", page);
        Assert.Contains("href=\"/terms\"", page);
        Assert.Contains("href=\"/privacy\"", page);
        Assert.Contains($"我已阅读并同意", page);
        Assert.Contains($"（版本 {PlatformTerms.CurrentVersion}）", page);
        Assert.Contains("type=\"email\"", page);
        Assert.Contains("autocomplete=\"new-password\"", page);
    }

    [Theory]
    [InlineData("/terms", "en", "User agreement", "Carbon credits")]
    [InlineData("/terms", "zh-CN", "用户协议", "碳积分")]
    [InlineData("/privacy", "en", "Privacy policy", "How long we keep it")]
    [InlineData("/privacy", "zh-CN", "隐私政策", "保存期限")]
    public async Task The_user_agreement_and_privacy_policy_are_pages_of_the_app_in_both_languages_with_their_version(
        string path, string language, string title, string section)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.ParseAdd(language);

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($">{title}</h1>", page);
        Assert.Contains(section, page);
        Assert.Contains(PlatformTerms.CurrentVersion, page);
    }

    [Fact]
    public async Task The_api_records_the_terms_version_the_app_showed()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = "app.user@example.com", password = "Green-Trip-2026", termsVersion = PlatformTerms.CurrentVersion });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accepted = Assert.Single(await AcceptancesOfAsync("app.user@example.com"));
        Assert.Equal((PlatformTerms.CurrentVersion, PlatformTerms.AppChannel), (accepted.Version, accepted.Channel));
    }

    [Fact]
    public async Task The_api_still_registers_with_email_and_password_alone_and_records_no_acceptance()
    {
        await _app.RegisterAsync(_app.CreateClient(), "older.app@example.com");

        Assert.NotNull(await FindUserAsync("older.app@example.com"));
        Assert.Empty(await AcceptancesOfAsync("older.app@example.com"));
    }

    [Fact]
    public async Task The_api_refuses_an_unknown_terms_version_with_a_stable_code_and_makes_no_account()
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/auth/register",
            new { email = "future.app@example.com", password = "Green-Trip-2026", termsVersion = "2099-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ErrorCodes.UnknownTermsVersion, problem.RootElement.GetProperty("code").GetString());
        Assert.Null(await FindUserAsync("future.app@example.com"));
    }

    [Fact]
    public async Task A_taken_email_on_the_api_answers_as_a_new_one_changes_nothing_and_tells_the_owner()
    {
        var client = _app.CreateClient();
        var first = await client.PostAsJsonAsync("/api/auth/register", new { email = "taken@example.com", password = "Green-Trip-2026" });
        var second = await client.PostAsJsonAsync("/api/auth/register", new { email = "taken@example.com", password = "Other-Person-2026" });

        Assert.Equal((first.StatusCode, await first.Content.ReadAsStringAsync()), (second.StatusCode, await second.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email = "taken@example.com", password = "Green-Trip-2026" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new { email = "taken@example.com", password = "Other-Person-2026" })).StatusCode);
        var told = Assert.Single(_messages.Sent);
        Assert.Equal((AccountMessageKind.AlreadyRegistered, "taken@example.com", null), (told.Kind, told.Email, told.LinkPath));
    }

    [Fact]
    public async Task A_taken_email_on_the_web_form_answers_exactly_as_a_new_one()
    {
        await _app.RegisterAsync(_app.CreateClient(), "known.rider@example.com");

        var (taken, _) = await AccountForms.RegisterAsync(_app.CreateBrowser(), "known.rider@example.com");
        var (fresh, _) = await AccountForms.RegisterAsync(_app.CreateBrowser(), "fresh.rider@example.com");

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(fresh.Headers.Location, taken.Headers.Location);
        Assert.Equal(StatusCookie(fresh), StatusCookie(taken));
        Assert.DoesNotContain(taken.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith(".AspNetCore.Identity.Application"));
        Assert.Equal(AccountMessageKind.AlreadyRegistered, Assert.Single(_messages.Sent).Kind);
    }

    [Fact]
    public async Task A_taken_email_with_a_weak_password_is_refused_as_a_new_email_with_it_is()
    {
        await _app.RegisterAsync(_app.CreateClient(), "weak.twin@example.com");
        var client = _app.CreateClient();

        var taken = await client.PostAsJsonAsync("/api/auth/register", new { email = "weak.twin@example.com", password = "short" });
        var fresh = await client.PostAsJsonAsync("/api/auth/register", new { email = "weak.new@example.com", password = "short" });

        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Equal(WithoutTrace(await fresh.Content.ReadAsStringAsync()), WithoutTrace(await taken.Content.ReadAsStringAsync()));
    }

    private static string WithoutTrace(string problem)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(problem)!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }

    private static string StatusCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("Identity.StatusMessage="));

    private async Task<ApplicationUser?> FindUserAsync(string email)
    {
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }

    private async Task<IReadOnlyList<TermsAcceptanceRecord>> AcceptancesOfAsync(string email)
    {
        var user = await FindUserAsync(email) ?? throw new InvalidOperationException($"{email} has no account.");
        using var scope = _app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TermsConsents>().ReadAsync(user.Id);
    }
}
