namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// Where a redirect named by the client may go: a path on this site, or home. The rule of ASP.NET Core's
/// <c>Url.IsLocalUrl</c>, plus the template's relative paths ("ledger") that the account pages redirect to.
/// </summary>
public static class LocalUrl
{
    public const string Home = "/";

    /// <returns>A rooted path on this site: <paramref name="url"/> when it is one (or relative, rooted here), otherwise <see cref="Home"/>.</returns>
    public static string OrHome(string? url)
    {
        if (string.IsNullOrEmpty(url)) return Home;
        if (url[0] != '/')
        {
            // "ledger" is a path; "javascript:alert(1)" and "http:evil.example" are schemes, and "\evil" is a host to some browsers.
            var firstSegment = url.AsSpan(0, IndexOfAnyOrLength(url, '/', '?', '#'));
            if (firstSegment.Contains(':') || url[0] == '\\') return Home;
            url = "/" + url;
        }
        return IsLocal(url) ? url : Home;
    }

    /// <summary>A rooted path: "/" alone or followed by anything but "/" or "\" (which would name another host), with no control characters.</summary>
    public static bool IsLocal(string? url) =>
        url is ['/'] || url is ['/', var second, ..] && second is not ('/' or '\\') && !url.AsSpan(1).ContainsAnyInRange('\0', '\u001f')
            && !url.Contains('\u007f');

    private static int IndexOfAnyOrLength(string url, params char[] stops)
    {
        var at = url.IndexOfAny(stops);
        return at < 0 ? url.Length : at;
    }
}
