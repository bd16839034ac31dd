using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Tests.Web.Demo;

/// <summary>Where the demo partners' secrets come from, and where the demo world is never seeded.</summary>
public sealed class DemoWorldSettingsTests
{
    [Fact]
    public async Task A_demo_partner_without_a_secret_setting_gets_a_random_secret_and_a_warning_that_names_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var keyFile = new TestKeyFile();
        await using var app = new DemoWorldApp(database, keyFile) { Settings = { ["Demo:Partners:health:Secret"] = "" } };
        app.Start();
        var shippedSecret = new ConfigurationBuilder().AddJsonFile(Path.Combine(FindWebProject(), "appsettings.Development.json")).Build()
            ["Demo:Partners:health:Secret"]!;

        var refusal = await Assert.ThrowsAsync<DomainException>(() => DemoWorldTests.VerifyAsync(app, "health", shippedSecret));
        var partners = await app.InScopeAsync(s => s.GetRequiredService<PartnerService>().ListAsync(Actors.MallAdmin));

        Assert.Equal(ErrorCodes.InvalidSignature, refusal.Code);
        Assert.Single(Assert.Single(partners, p => p.Code == "health").Secrets);
        var warning = Assert.Single(app.Logs.At(LogLevel.Warning), e => e.Category == typeof(DemoPartnerWorld).FullName);
        Assert.Contains("Demo:Partners:health:Secret", warning.Message);
        // The other partners keep theirs, and the world is seeded as ever.
        Assert.Equal("cq-metro", (await DemoWorldTests.VerifyAsync(app, "cq-metro", app.Services.GetRequiredService<IConfiguration>()["Demo:Partners:cq-metro:Secret"]!)).Code);
        Assert.True(await app.InDatabaseAsync(db => db.PartnerEvents.AnyAsync(e => e.PartnerCode == "health")));
    }

    [Fact]
    public async Task Outside_Development_nothing_is_seeded_and_the_shipped_settings_hold_no_demo_secret()
    {
        await using var app = new CarbonHuitongApp { Settings = { ["Demo:Seed"] = "true", ["Demo:Password"] = "GreenRide-2026" } };
        var configuration = app.Services.GetRequiredService<IConfiguration>();

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        Assert.Null(await users.FindByEmailAsync(DemoWorldSeeder.CitizenEmail));
        Assert.False(await scope.ServiceProvider.GetRequiredService<Core.Persistence.CarbonDbContext>().Partners.AnyAsync());
        Assert.Empty(configuration.GetSection("Demo:Partners").GetChildren());
        Assert.Null(configuration["Demo:TerminalKey"]);
    }

    private static string FindWebProject()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var web = Path.Combine(folder.FullName, "CarbonHuitong.Web");
            if (File.Exists(Path.Combine(web, "CarbonHuitong.Web.csproj"))) return web;
        }
        throw new DirectoryNotFoundException("CarbonHuitong.Web was not found above the test output folder.");
    }
}
