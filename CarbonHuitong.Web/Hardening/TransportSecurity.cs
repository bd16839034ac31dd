using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// HTTPS outside Development: HTTP is redirected to HTTPS, HSTS is sent, and every cookie (the sign-in, antiforgery,
/// culture and status cookies) is <c>Secure</c>. A host that serves plain HTTP on purpose (the tests and the benchmark
/// on loopback) sets <see cref="RequiredSetting"/> to <c>false</c>; the shipped default stays strict.
/// </summary>
public static class TransportSecurity
{
    /// <summary><c>true</c> unless set: outside Development the app is served over HTTPS only. Development never requires it.</summary>
    public const string RequiredSetting = "Https:Required";

    public static bool HttpsRequired(IConfiguration configuration, IHostEnvironment environment) =>
        !environment.IsDevelopment() && configuration.GetValue(RequiredSetting, true);

    public static WebApplicationBuilder AddCarbonHuitongTransportSecurity(this WebApplicationBuilder builder)
    {
        if (!HttpsRequired(builder.Configuration, builder.Environment)) return builder;
        var services = builder.Services;
        services.ConfigureApplicationCookie(cookie => cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        // The cookies the app appends itself (the culture choice, Identity's status message) get Secure from the policy.
        services.Configure<CookiePolicyOptions>(policy => policy.Secure = CookieSecurePolicy.Always);
        return builder;
    }

    /// <summary>Early in the pipeline: before anything that answers or sets a cookie.</summary>
    public static WebApplication UseCarbonHuitongTransportSecurity(this WebApplication app)
    {
        if (!HttpsRequired(app.Configuration, app.Environment)) return app;
        app.UseHsts();
        app.UseHttpsRedirection();
        app.UseCookiePolicy();
        return app;
    }
}
