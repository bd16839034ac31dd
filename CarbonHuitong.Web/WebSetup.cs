using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Web.Api;
using CarbonHuitong.Web.Components;
using CarbonHuitong.Web.Components.Account;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Demo;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace CarbonHuitong.Web;

/// <summary>All of the web app's wiring, so Program.cs stays a table of contents.</summary>
public static class WebSetup
{
    public const string ConnectionStringName = "CarbonHuitong";

    /// <summary>Whole seconds to wait for another connection's lock before answering 503 <c>unavailable</c>; see <see cref="SqliteStore.DefaultBusyTimeout"/>.</summary>
    public const string BusyTimeoutSetting = "Database:BusyTimeoutSeconds";

    public static WebApplicationBuilder AddCarbonHuitongWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"Set ConnectionStrings:{ConnectionStringName} in appsettings.json.");
        var busyTimeoutSeconds = builder.Configuration.GetValue<int?>(BusyTimeoutSetting);
        services.AddCarbonHuitongCore(SqliteStore.ResolveConnectionString(configured, builder.Environment.ContentRootPath),
            busyTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);

        services.AddCarbonHuitongLocalization();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, Resources.MudComponentText>();
        services.AddScoped<SignedInCitizen>();
        services.AddCarbonHuitongIdentity();
        services.AddCarbonHuitongProblemDetails();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        services.Configure<DemoWorldOptions>(builder.Configuration.GetSection(DemoWorldOptions.Section));
        services.AddScoped<DemoWorldSeeder>();
        return builder;
    }

    private static void AddCarbonHuitongIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        // Cookies for the browser, bearer tokens for app clients; both on the same accounts.
        services.AddIdentityApiEndpoints<ApplicationUser>(options =>
            {
                options.Password.RequiredLength = 8;
                options.Password.RequireNonAlphanumeric = false;
                options.User.RequireUniqueEmail = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CarbonDbContext>()
            .AddUserManager<CitizenUserManager>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddClaimsPrincipalFactory<CarbonClaimsPrincipalFactory>();

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            // An API answers 401 or 403, never a redirect to the sign-in page.
            cookie.Events.OnRedirectToLogin = context => AnswerApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => AnswerApiOrRedirect(context, StatusCodes.Status403Forbidden);
        });
        // Identity's API scheme challenges with the bearer handler; pages want the cookie's sign-in redirect,
        // and the cookie's events above turn that into a plain 401/403 for /api.
        services.Configure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(options =>
        {
            options.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
            options.DefaultForbidScheme = IdentityConstants.ApplicationScheme;
        });
        services.AddAuthorization();
    }

    private static Task AnswerApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await scope.ServiceProvider.GetRequiredService<RideCodeKeyring>().LoadAsync(
            scope.ServiceProvider.GetRequiredService<CarbonDbContext>(), scope.ServiceProvider.GetRequiredService<TimeProvider>());
        await scope.ServiceProvider.GetRequiredService<DemoWorldSeeder>().SeedIfWantedAsync();
    }

    public static WebApplication UseCarbonHuitongPipeline(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment()) app.UseHsts();

        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApi(context),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapCarbonHuitong(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAdditionalIdentityEndpoints();
        app.MapCultureSwitch();
        app.MapAuthApi();
        app.MapMeApi();
        app.MapMallApi();
        app.MapTerminalApi();
        app.MapReportsApi();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
