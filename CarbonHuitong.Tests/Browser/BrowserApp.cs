using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence.Secrets;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Browser;

/// <summary>
/// The real app on Kestrel, on a free loopback port, with a fresh SQLite file and one registered validator,
/// for a real browser to drive.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>
{
    public const string Password = "Green-Trip-2026";
    private readonly TestDatabase _database = new();
    private readonly TestKeyFile _keyFile = new();
    private readonly HttpClient _http = new();

    public BrowserApp()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
        using var scope = Services.CreateScope();
        TerminalKey = scope.ServiceProvider.GetRequiredService<TerminalService>().RegisterAsync(Actors.MallAdmin, "CQ-E2E-01", "871", "Browser tests")
            .GetAwaiter().GetResult();
        new MallBuilder().Titled(BusCouponTitle).WithStock(1_000).BuildAsync(_database, TimeProvider.System).GetAwaiter().GetResult();
    }

    public const string BusCouponTitle = "Browser bus coupon";

    public string BaseUrl { get; }
    public string TerminalKey { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:CarbonHuitong", _database.ConnectionString);
        builder.UseSetting(KeyRingSettings.KeyFileSetting, _keyFile.FilePath);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // Plain HTTP on loopback: no HTTPS redirect, and cookies the browser sends back over HTTP.
        builder.UseSetting(CarbonHuitong.Web.Hardening.TransportSecurity.RequiredSetting, "false");
        // Every browser test signs in from 127.0.0.1 against one app: more than a person's 20 a minute from one address.
        builder.UseSetting("RateLimits:SignInPerAddress:PermitLimit", "100000");
        // Outside Development the host would not serve the packages' assets (MudBlazor's CSS and JS) from the build.
        builder.UseStaticWebAssets();
    }

    /// <summary>A validator scanning a ride code, through the real terminal API.</summary>
    public async Task<JsonElement> ScanAsync(string rideCode, string scanId, long fareFen = 200)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl}/api/terminal/scans")
        {
            Content = JsonContent.Create(new { scanId, rideCode, lineId = "871", vehicleId = "B-2026", fareFen, scannedAt = DateTime.UtcNow }),
        };
        request.Headers.Add("X-Terminal-Key", TerminalKey);
        var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A user made directly, for flows that start with an administrator or a project owner.</summary>
    public async Task<ApplicationUser> CreateUserAsync(string email, string? role = null, string? organization = null)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, Organization = organization };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        if (role is not null) await users.AddToRoleAsync(user, role);
        return user;
    }

    public T Service<T>(IServiceScope scope) where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public override async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
        await _database.DisposeAsync();
        _keyFile.Dispose();
    }
}
