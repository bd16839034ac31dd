using System.Globalization;
using System.Text.Json.Serialization;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Api;

public sealed record ManifestIcon(string Src, string Sizes, string Type, string Purpose);

/// <summary>The web app manifest (W3C "Web Application Manifest") fields a phone reads to add the portal to its home screen.</summary>
public sealed record WebAppManifest(
    string Id, string Name, [property: JsonPropertyName("short_name")] string ShortName, string Description, string Lang,
    [property: JsonPropertyName("start_url")] string StartUrl, string Scope, string Display,
    [property: JsonPropertyName("theme_color")] string ThemeColor, [property: JsonPropertyName("background_color")] string BackgroundColor,
    IReadOnlyList<ManifestIcon> Icons);

/// <summary>
/// <c>/manifest.webmanifest</c>: the portal as an installable app (standalone, the brand's colour and icons), named in
/// the reader's language. No offline support: the app needs its server for every page.
/// </summary>
public static class WebAppManifestApi
{
    public const string Path = "/manifest.webmanifest";
    public const string ContentType = "application/manifest+json";

    public static readonly IReadOnlyList<ManifestIcon> Icons =
    [
        new("/icons/icon-192.png", "192x192", "image/png", "any"),
        new("/icons/icon-512.png", "512x512", "image/png", "any"),
        new("/icons/icon-maskable-192.png", "192x192", "image/png", "maskable"),
        new("/icons/icon-maskable-512.png", "512x512", "image/png", "maskable"),
    ];

    public static IEndpointRouteBuilder MapWebAppManifest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
            {
                // The name follows the reader's language (cookie or Accept-Language), so a cache must not share it.
                context.Response.Headers.CacheControl = "no-cache";
                return TypedResults.Json(Current(), contentType: ContentType);
            })
            .AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    public static WebAppManifest Current() => new(
        Id: "/",
        Name: CitizenText.Get("Carbon Huitong"),
        ShortName: CitizenText.Get("Carbon Huitong"),
        Description: CitizenText.Get("Earn carbon credits for green trips and spend them on bus coupons."),
        Lang: CultureInfo.CurrentUICulture.Name,
        StartUrl: "/",
        Scope: "/",
        Display: "standalone",
        ThemeColor: Brand.Colour,
        BackgroundColor: Brand.Background,
        Icons: Icons);
}
