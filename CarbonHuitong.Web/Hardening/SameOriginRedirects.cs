namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// A redirect to this site never names the request's Host header: Blazor's <c>NavigateTo</c> and the sign-in
/// challenge build absolute addresses from it, so <c>Host: evil.example</c> would send a browser (or a cache) there.
/// Just before the response starts, an absolute <c>Location</c> on the request's own scheme and host becomes a path.
/// The HTTPS redirect changes the scheme, so it keeps its host; set <c>AllowedHosts</c> in production for that one.
/// </summary>
public static class SameOriginRedirects
{
    public static IApplicationBuilder UseSameOriginRedirectsAsPaths(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                if (AsPath(context.Request, context.Response.Headers.Location.ToString()) is { } path)
                    context.Response.Headers.Location = path;
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>The path of <paramref name="location"/> when it points at the request's own origin; otherwise null.</summary>
    public static string? AsPath(HttpRequest request, string location)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var target) || target.IsFile) return null;
        if (!string.Equals(target.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var requestPort = request.Host.Port ?? (request.IsHttps ? 443 : 80);
        if (!string.Equals(target.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase) || target.Port != requestPort) return null;
        var path = target.PathAndQuery + target.Fragment;
        // "//x" or "/\x" as a path would be read as another host; leave those absolute (they name this host).
        return path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal) ? null : path;
    }
}
