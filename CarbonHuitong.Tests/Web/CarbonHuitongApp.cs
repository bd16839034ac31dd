using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CarbonHuitong.Tests.Web;

/// <summary>The real app on its own SQLite file, in the Testing environment (no demo world).</summary>
public sealed class CarbonHuitongApp : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CarbonHuitong", Database.ConnectionString);
    }

    /// <summary>Clients read English unless a test asks for another language.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
    }

    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<string> RegisterAsync(HttpClient client, string email, string password = "Green-Trip-2026")
    {
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return email;
    }

    /// <summary>Signs in through the real sign-in form, so the client carries the Identity cookie.</summary>
    public static async Task SignInWithFormAsync(HttpClient browser, string email, string password = "Green-Trip-2026")
    {
        var form = await browser.GetStringAsync("/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
