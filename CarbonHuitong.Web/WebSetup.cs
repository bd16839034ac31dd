using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Web.Api;
using CarbonHuitong.Web.Components;
using CarbonHuitong.Web.Components.Account;
using CarbonHuitong.Web.Demo;
using CarbonHuitong.Web.Hardening;
using CarbonHuitong.Web.Notifications;
using CarbonHuitong.Web.Lifecycle;
using CarbonHuitong.Web.Partners;
using CarbonHuitong.Web.Privacy;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

namespace CarbonHuitong.Web;

/// <summary>All of the web app's wiring, so Program.cs stays a table of contents.</summary>
public static class WebSetup
{
    public const string ConnectionStringName = "CarbonHuitong";

    /// <summary>Whole seconds to wait for another connection's lock before answering 503 <c>unavailable</c>; see <see cref="SqliteStore.DefaultBusyTimeout"/>.</summary>
    public const string BusyTimeoutSetting = "Database:BusyTimeoutSeconds";

    /// <summary><c>Sqlite</c> (the default: one file, nothing to install) or <c>Postgres</c>.</summary>
    public const string ProviderSetting = "Database:Provider";

    public static WebApplicationBuilder AddCarbonHuitongWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCarbonHuitongCore(StoreSettingsFrom(builder.Configuration, builder.Environment.ContentRootPath));
        builder.AddCarbonHuitongKeyRing();

        services.AddCarbonHuitongLocalization();
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Messages rise from the bottom, above a phone's tab bar, so they never cover a page's title.
        services.AddMudServices(mud => mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter);
        services.AddTransient<MudBlazor.MudLocalizer, Resources.MudComponentText>();
        services.AddCarbonHuitongIdentity();
        services.AddCarbonHuitongSessions(builder.Configuration);
        services.AddPartnerSignatures();
        services.AddCarbonHuitongRateLimits(builder.Configuration);
        services.AddCarbonHuitongProblemDetails();
        services.AddCarbonHuitongApiDocs();
        services.AddCarbonHuitongSecurityHeaders();
        builder.AddCarbonHuitongTransportSecurity();
        services.AddCarbonHuitongPrivacy(builder.Configuration);
        services.AddCarbonHuitongNotifications(builder.Configuration);
        services.AddCarbonHuitongLifecycle(builder.Configuration);
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        services.AddOptions<Core.Government.GovernmentOptions>().Bind(builder.Configuration.GetSection(Core.Government.GovernmentOptions.Section)).ValidateOnStart();
        services.AddOptions<Core.Behaviours.EarningOptions>().Bind(builder.Configuration.GetSection(Core.Behaviours.EarningOptions.Section)).ValidateOnStart();
        services.Configure<DemoWorldOptions>(builder.Configuration.GetSection(DemoWorldOptions.Section));
        services.AddScoped<DemoWorldSeeder>();
        return builder;
    }

    /// <summary><c>Database:Provider</c>, the connection string and the busy timeout; a wrong one stops the start with what to fix.</summary>
    public static StoreSettings StoreSettingsFrom(IConfiguration configuration, string contentRoot)
    {
        var provider = StoreSettings.ParseProvider(configuration[ProviderSetting]);
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
            throw new StoreConfigurationException($"Set ConnectionStrings:{ConnectionStringName} (for {provider}).");
        int? busyTimeoutSeconds;
        try
        {
            busyTimeoutSeconds = configuration.GetValue<int?>(BusyTimeoutSetting);
        }
        catch (InvalidOperationException)
        {
            throw new StoreConfigurationException($"{BusyTimeoutSetting} is '{configuration[BusyTimeoutSetting]}'; set it to a whole number of seconds.");
        }
        var connectionString = provider == StoreProvider.Sqlite ? SqliteStore.ResolveConnectionString(configured, contentRoot) : configured;
        return new StoreSettings(provider, connectionString, busyTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    private static void AddCarbonHuitongIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        // Cookies for the browser, bearer tokens for app clients; both on the same accounts.
        services.AddIdentityApiEndpoints<ApplicationUser>(options =>
            {
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                // How long: RateLimits:LockoutMinutes (5), see Hardening/RateLimits.cs.
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CarbonDbContext>()
            .AddUserManager<CitizenUserManager>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<CarbonClaimsPrincipalFactory>();

        services.Configure<DataProtectionTokenProviderOptions>(tokens => tokens.TokenLifespan = TimeSpan.FromHours(PasswordResets.LinkLifetimeHours));

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            // Only a browser opening a page is redirected (to a path); an API client gets 401 or 403 problem details.
            cookie.Events.OnRedirectToLogin = context => SignInChallenges.AnswerAsync(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => SignInChallenges.AnswerAsync(context, StatusCodes.Status403Forbidden);
        });
        // Identity's API scheme challenges with the bearer handler; pages want the cookie's sign-in redirect,
        // and the cookie's events above turn that into 401/403 problem details for every other client.
        services.Configure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(options =>
        {
            options.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
            options.DefaultForbidScheme = IdentityConstants.ApplicationScheme;
        });
        services.AddAuthorization();
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await InitializeStoreAsync(scope.ServiceProvider);
        await scope.ServiceProvider.LoadRideCodeKeysAsync();
        await scope.ServiceProvider.GetRequiredService<DemoWorldSeeder>().SeedIfWantedAsync();
    }

    /// <summary>A server that cannot be reached, or refuses the sign-in, stops the start with one line, not a stack trace.</summary>
    private static async Task InitializeStoreAsync(IServiceProvider services)
    {
        try
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }
        catch (Exception failure) when (Innermost<Npgsql.NpgsqlException>(failure) is { } postgres)
        {
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(services.GetRequiredService<CarbonDbContext>().Database.GetConnectionString());
            throw new StoreConfigurationException(
                $"Cannot use the PostgreSQL server at {connection.Host}:{connection.Port}, database '{connection.Database}': " +
                $"{postgres.Message.TrimEnd('.')}. Start it, or fix ConnectionStrings:{ConnectionStringName}.", failure);
        }
    }

    private static T? Innermost<T>(Exception failure) where T : Exception
    {
        T? found = null;
        for (var cause = failure; cause is not null; cause = cause.InnerException)
            if (cause is T match) found = match;
        return found;
    }

    public static WebApplication UseCarbonHuitongPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseSameOriginRedirectsAsPaths();
        app.UseRequestLocalization();
        // A page that fails shows the friendly error page; the API's failures are answered as problem details first.
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseCarbonHuitongTransportSecurity();
        app.UseCarbonHuitongRequestChecks();

        app.UseCarbonHuitongStatusPages();
        app.UseWhen(IsApi, api => api.UseStatusCodePages());

        app.UseAuthentication();
        app.UseSessionCheck();
        // The limiter counts per user and per partner, so it comes after both are known; authorization comes after it,
        // so calls it will refuse (a signature that failed) are counted too, per address.
        app.UsePartnerSignatures();
        app.UseCarbonHuitongRateLimits();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseCarbonHuitongAntiforgeryProblems();
        return app;
    }

    public static WebApplication MapCarbonHuitong(this WebApplication app)
    {
        app.MapStaticAssets();
        // Our Content-Security-Policy says frame-ancestors 'none'; Blazor's own 'self' would be a second policy beside it.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();
        app.MapCultureSwitch();
        app.MapWebAppManifest();
        app.MapAuthApi();
        app.MapMeApi();
        app.MapNotificationsApi();
        app.MapClaimsApi();
        app.MapPrivacyApi();
        app.MapMallApi();
        app.MapTerminalApi();
        app.MapPartnerApi();
        app.MapScenariosApi();
        app.MapCarbonHuitongApiDocs();
        app.MapReportsApi();
        app.MapClosedLoopApi();
        app.MapDistrictApi();
        app.MapGovernmentApi();
        app.MapOpenDataApi();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
