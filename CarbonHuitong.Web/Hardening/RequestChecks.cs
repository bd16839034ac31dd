using System.Reflection;
using CarbonHuitong.Core;
using CarbonHuitong.Web.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// Refusals the framework would otherwise answer with a 500 or plain text, answered as problem details with a stable
/// code: a body in a charset nobody can read, a form post without its antiforgery token, and JSON <c>null</c> for a
/// field Identity's endpoints require.
/// </summary>
public static class RequestChecks
{
    /// <summary>Before the endpoints: a Content-Type that cannot be parsed, or names an unknown charset, is 415.</summary>
    public static IApplicationBuilder UseCarbonHuitongRequestChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.ContentType is [{ } contentType, ..] && !IsReadable(contentType))
        {
            await WriteProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, ProblemDetailsSetup.UnsupportedMediaType,
                $"The Content-Type '{contentType}' names a charset this server cannot read; send UTF-8.");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// The branded status page for everything but the API (whose problem details, written further in, come first).
    /// Re-executed on the app's own router: inside a <c>UseWhen</c> branch it found no endpoint and answered an empty
    /// 404. The page is read as a GET whatever the method was, so a form posted to an unknown address gets the page
    /// too, not the form handling a POST to a page would start.
    /// </summary>
    public static IApplicationBuilder UseCarbonHuitongStatusPages(this IApplicationBuilder app)
    {
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // On the way out, before the status page middleware re-executes: an answer it will replace is re-read as a GET.
        return app.Use(async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response is { StatusCode: >= 400, HasStarted: false, ContentLength: null } && string.IsNullOrEmpty(response.ContentType)
                && !HttpMethods.IsGet(context.Request.Method))
                context.Request.Method = HttpMethods.Get;
        });
    }

    /// <summary>
    /// After <c>UseAntiforgery</c>: a form post whose token is missing or stale. A browser is sent back to the page
    /// (a fresh form, 303 so it is a GET); any other client gets 400 <c>antiforgery_failed</c>.
    /// </summary>
    public static IApplicationBuilder UseCarbonHuitongAntiforgeryProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // A status page re-executed for a post is no form post of its own; the page renders without reading the form.
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }
            && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            if (WantsPage(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status303SeeOther;
                context.Response.Headers.Location = LocalUrl.OrHome(context.Request.PathBase + context.Request.Path + context.Request.QueryString);
                return;
            }
            await WriteProblemAsync(context, StatusCodes.Status400BadRequest, ProblemDetailsSetup.AntiforgeryFailed,
                "The form's antiforgery token is missing or not valid.");
            return;
        }
        await next(context);
    });

    /// <summary>
    /// On an endpoint group: a request record's property that is declared non-nullable (Identity's <c>required string
    /// Email</c>) but came as JSON <c>null</c> is a 400 validation problem, as a missing one already is.
    /// </summary>
    public static TBuilder RefuseNullRequiredFields<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var argument in context.Arguments)
            {
                if (argument is null || !IsRequestRecord(argument.GetType())) continue;
                foreach (var property in RequiredProperties(argument.GetType()))
                    if (property.GetValue(argument) is null)
                        errors[JsonName(property)] = [$"The {JsonName(property)} field is required."];
            }
            return errors.Count == 0 ? await next(context) : TypedResults.ValidationProblem(errors);
        });
        return builder;
    }

    private static bool IsReadable(string contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        if (!media.Charset.HasValue) return true;
        // The lookup the framework's readers make; it refuses unknown names and UTF-7.
        try
        {
            System.Text.Encoding.GetEncoding(HeaderUtilities.RemoveQuotes(media.Charset).ToString());
            return true;
        }
        catch (Exception unknown) when (unknown is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    internal static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task WriteProblemAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } },
        }).AsTask();
    }

    // Only the request records of Identity's endpoints and of this app: services and principals are not checked.
    private static bool IsRequestRecord(Type type) =>
        type.Namespace is "Microsoft.AspNetCore.Identity.Data" || type.Namespace?.StartsWith("CarbonHuitong", StringComparison.Ordinal) == true
            && type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, PropertyInfo[]> Required = new();

    private static PropertyInfo[] RequiredProperties(Type type) => Required.GetOrAdd(type, t =>
    {
        var nullability = new NullabilityInfoContext();
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && !p.PropertyType.IsValueType && nullability.Create(p).ReadState == NullabilityState.NotNull)
            .ToArray();
    });

    private static string JsonName(PropertyInfo property) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
