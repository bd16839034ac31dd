using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// What the sign-in cookie's challenge and forbid answer. A browser opening a page is sent to the sign-in (or
/// access-denied) page by a relative redirect; anything else (an app with a bearer token, a script, a CSV download
/// by a client) gets 401 or 403 problem details, wherever the path is.
/// </summary>
public static class SignInChallenges
{
    public static Task AnswerAsync(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsBrowserPage(context.Request))
        {
            context.Response.Redirect(SameOriginRedirects.AsPath(context.Request, context.RedirectUri) ?? context.RedirectUri);
            return Task.CompletedTask;
        }
        return WriteProblemAsync(context.HttpContext, status);
    }

    /// <summary>
    /// A browser navigating to a page: <c>Sec-Fetch-Mode: navigate</c>, or a GET/HEAD that accepts HTML (older
    /// browsers, Blazor's enhanced navigation). A request with an Authorization header, or under /api, never is.
    /// </summary>
    public static bool IsBrowserPage(HttpRequest request)
    {
        if (request.Headers.Authorization.Count > 0 || request.Path.StartsWithSegments("/api")) return false;
        if (string.Equals(request.Headers["Sec-Fetch-Mode"], "navigate", StringComparison.OrdinalIgnoreCase)) return true;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        return request.GetTypedHeaders().Accept.Any(type => type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task WriteProblemAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status };
        var problemContext = new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem };
        if (await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problemContext)) return;
        // No writer takes the client's Accept (say, text/csv): the same problem, shaped by the same options, as JSON.
        context.RequestServices.GetRequiredService<IOptions<ProblemDetailsOptions>>().Value.CustomizeProblemDetails?.Invoke(problemContext);
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }
}
