using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CarbonHuitong.Web;

/// <summary>Simplified Chinese and English; the browser's Accept-Language chooses until the citizen picks one.</summary>
public static class Localization
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly string[] Cultures = [Chinese, English];

    public static IServiceCollection AddCarbonHuitongLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        // Chinese text goes out as UTF-8 text, not as numeric character references: a third of the bytes, and readable.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.SetDefaultCulture(Chinese).AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            // The citizen's choice (a cookie) first, then the browser's languages.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary><c>GET /culture?culture=zh-CN&amp;redirectUri=/ledger</c>: remembers the choice in the culture cookie.</summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture", (string? culture, string? redirectUri, HttpContext context) =>
        {
            if (culture is not null && Cultures.Contains(culture))
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });
            }
            return TypedResults.LocalRedirect(Hardening.LocalUrl.OrHome(redirectUri));
        }).AllowAnonymous();
        return endpoints;
    }

    public static bool IsChinese => CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal);

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
