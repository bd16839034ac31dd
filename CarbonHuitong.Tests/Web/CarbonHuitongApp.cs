using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence.Secrets;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// The real app on its own SQLite file and its own key file (both in temporary folders), in the Testing environment
/// (no demo world), with the shipped rate limits.
/// A load-style test may raise a limit through <see cref="Settings"/> (for example
/// <c>["RateLimits:SignInPerAddress:PermitLimit"] = "1000"</c>); nothing here lowers or loosens the shipped defaults.
/// </summary>
public sealed class CarbonHuitongApp : WebApplicationFactory<Program>
{
    private readonly bool _ownsStore;

    public CarbonHuitongApp()
    {
        Database = new TestDatabase();
        KeyFile = new TestKeyFile();
        _ownsStore = true;
    }

    /// <summary>
    /// Another server of a deployment: the same database file and, unless another is given, the same key file as
    /// <paramref name="deployment"/>, which keeps owning (and disposing) them.
    /// </summary>
    public CarbonHuitongApp(CarbonHuitongApp deployment, TestKeyFile? keyFile = null)
        : this(deployment.Database, keyFile ?? deployment.KeyFile)
    {
    }

    /// <summary>An app on <paramref name="database"/> with <paramref name="keyFile"/>, both owned by the caller.</summary>
    public CarbonHuitongApp(TestDatabase database, TestKeyFile keyFile)
    {
        Database = database;
        KeyFile = keyFile;
        _ownsStore = false;
    }

    public TestDatabase Database { get; }
    public TestKeyFile KeyFile { get; }

    /// <summary>Settings this app starts with, on top of the shipped ones (set before the first client is created).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>True unless a test wants the shipped HTTPS-only settings: the test server speaks plain HTTP.</summary>
    public bool PlainHttp { get; init; } = true;

    /// <summary>Services a test replaces or configures (for example Development's throwing of bad requests).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As Development does: a singleton that takes a scoped service fails here, not only at `dotnet run`.
        builder.UseDefaultServiceProvider(provider =>
        {
            provider.ValidateScopes = true;
            provider.ValidateOnBuild = true;
        });
        builder.UseSetting("ConnectionStrings:CarbonHuitong", Database.ConnectionString);
        builder.UseSetting(KeyRingSettings.KeyFileSetting, KeyFile.FilePath);
        // The test server speaks plain HTTP: no HTTPS redirect, and cookies the client sends back over HTTP.
        if (PlainHttp) builder.UseSetting(CarbonHuitong.Web.Hardening.TransportSecurity.RequiredSetting, "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (TestServices is { } configure) builder.ConfigureServices(configure);
    }

    /// <summary>Clients read English unless a test asks for another language.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    /// <summary>What a browser opening a page asks for; pages answer such a request with a redirect to sign in, not a 401.</summary>
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /// <summary>A browser: keeps cookies, does not follow redirects, and accepts HTML as a browser opening a page does.</summary>
    public HttpClient CreateBrowser()
    {
        var browser = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Accept.ParseAdd(BrowserAccept);
        return browser;
    }

    public async Task<string> RegisterAsync(HttpClient client, string email, string password = "Green-Trip-2026")
    {
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return email;
    }

    /// <summary>A browser signed in through the real form as a newly registered user, also in <paramref name="role"/> when one is named.</summary>
    /// <summary>An app client of a newly registered citizen, with <paramref name="busRides"/> rides earned, signed in by bearer token.</summary>
    public async Task<HttpClient> BearerCitizenAsync(string email, int busRides = 0)
    {
        var client = CreateClient();
        await RegisterAsync(client, email);
        if (busRides > 0) await LedgerSeeding.EarnBusRidesAsync(this, email, busRides);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = "Green-Trip-2026" });
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> SignedInBrowserAsync(string email, string? role = null)
    {
        var browser = CreateBrowser();
        await RegisterAsync(browser, email);
        if (role is not null)
        {
            using var scope = Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(email))!, role);
        }
        await SignInWithFormAsync(browser, email);
        return browser;
    }

    /// <summary>Signs in through the real sign-in form, so the client carries the Identity cookie.</summary>
    public static async Task SignInWithFormAsync(HttpClient browser, string email, string password = "Green-Trip-2026")
    {
        var response = await PostSignInFormAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>Fills in and posts the sign-in form, with its antiforgery token, and answers what the server said.</summary>
    public static async Task<HttpResponseMessage> PostSignInFormAsync(HttpClient browser, string email, string password)
    {
        var form = await browser.GetStringAsync("/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Asserts that <paramref name="response"/> redirects, by a path that names no host, to a page under <paramref name="path"/>, such as "/Account/Login".</summary>
    public static void AssertRedirectsTo(string path, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri, $"the redirect names a host: {location}");
        Assert.StartsWith(path, location.OriginalString);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsStore) return;
        await Database.DisposeAsync();
        KeyFile.Dispose();
    }
}
