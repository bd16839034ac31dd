using CarbonHuitong.Core;
using Microsoft.AspNetCore.Diagnostics;
using CarbonHuitong.Web.Resources;
using Microsoft.AspNetCore.Mvc;

namespace CarbonHuitong.Web.Api;

/// <summary>
/// The one place an error becomes an RFC 7807 problem: a domain error keeps its stable <c>code</c>,
/// bad input becomes <c>bad_request</c>, and every other problem gets a code from its status.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddCarbonHuitongProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Extensions.TryAdd("code", CodeForStatus(problem.Status ?? context.HttpContext.Response.StatusCode));
            // The code stays stable; what a person reads follows the request's culture.
            var code = (string)problem.Extensions["code"]!;
            problem.Title = ErrorText.Find(TitleKey(problem.Status, code)) ?? problem.Title;
            // The domain's own sentence is the most precise English; other languages get the code's translation.
            if (ErrorText.Find(code) is { } explained && (problem.Detail is null || !Localization.IsEnglish))
                problem.Detail = explained;
        });
        services.AddExceptionHandler<DomainExceptionHandler>();
        return services;
    }

    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.AccountNotFound or ErrorCodes.NotFound or ErrorCodes.ItemUnavailable => StatusCodes.Status404NotFound,
        ErrorCodes.AccountClosed or ErrorCodes.AccountFrozen => StatusCodes.Status403Forbidden,
        ErrorCodes.InsufficientCredits or ErrorCodes.EventConflict or ErrorCodes.SoldOut or ErrorCodes.LimitReached
            or ErrorCodes.RequestConflict or ErrorCodes.ReplayedCode or ErrorCodes.ScanConflict or ErrorCodes.AlreadyLinked
            or ErrorCodes.InvalidState => StatusCodes.Status409Conflict,
        ErrorCodes.UnknownTerminal or ErrorCodes.UnknownPartner or ErrorCodes.InvalidSignature => StatusCodes.Status401Unauthorized,
        ErrorCodes.TooManyEvents or ErrorCodes.InvalidLinkCode => StatusCodes.Status400BadRequest,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>
    /// What a 503 tells the client to wait before retrying. Short: the server has already waited out the busy timeout,
    /// and a retry waits for it again, so a client retrying after a second neither hammers the store nor waits long
    /// once the lock is released.
    /// </summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>The code a refusal carries when nothing more precise named it. 429's is reserved for the rate limiter.</summary>
    public const string RateLimited = ErrorCodes.RateLimited;

    public const string AntiforgeryFailed = "antiforgery_failed";

    public const string UnsupportedMediaType = "unsupported_media_type";

    private static string TitleKey(int? status, string code) => status switch
    {
        StatusCodes.Status503ServiceUnavailable => "title.unavailable",
        StatusCodes.Status429TooManyRequests => "title.rate_limited",
        >= 500 => "title.server_error",
        >= 400 and < 500 when code != ErrorCodes.BadRequest => "title.refused",
        _ => "title.invalid",
    };

    /// <summary>One stable code for each status the app answers; each has a text in ErrorText (zh-CN and English).</summary>
    public static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCodes.BadRequest,
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status406NotAcceptable => "not_acceptable",
        StatusCodes.Status408RequestTimeout => "request_timeout",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status411LengthRequired => "length_required",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status414UriTooLong => "uri_too_long",
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "headers_too_large",
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
        >= 500 => "server_error",
        _ => "refused",
    };

    /// <summary>
    /// Writes <paramref name="problem"/> (status already set on the response) as problem details, shaped like every
    /// other; as JSON even when the client's Accept names only another type (a CSV download), where no writer takes it.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        var problemContext = new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem };
        if (await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(problemContext)) return;
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProblemDetailsOptions>>().Value.CustomizeProblemDetails?.Invoke(problemContext);
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json");
    }

    /// <summary>
    /// A failure nothing above explains: a browser opening a page is left to the friendly error page (read as a GET,
    /// so a form that failed is not posted again); everyone else gets 500 problem details with code <c>server_error</c>.
    /// </summary>
    private static async ValueTask<bool> AnswerUnexpectedAsync(HttpContext context)
    {
        if (Hardening.RequestChecks.WantsPage(context.Request))
        {
            context.Request.Method = HttpMethods.Get;
            return false;
        }
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await WriteAsync(context, new ProblemDetails { Status = StatusCodes.Status500InternalServerError });
        return true;
    }

    private sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            var (status, code, title, detail) = exception switch
            {
                DomainException domain => (StatusFor(domain.Code), domain.Code, "", domain.Message),
                // A body too large (413), the wrong media type (415) or unreadable JSON (400): the code follows the status,
                // so Development (which throws these) answers as every other environment does.
                BadHttpRequestException bad => (bad.StatusCode, CodeForStatus(bad.StatusCode), "", bad.Message),
                Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException => (StatusCodes.Status400BadRequest, AntiforgeryFailed, "", exception.Message),
                _ => (0, "", "", ""),
            };
            if (status == 0) return await AnswerUnexpectedAsync(context);

            context.Response.StatusCode = status;
            if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = status,
                    Title = title,
                    Detail = detail,
                    Extensions = { ["code"] = code },
                },
            });
        }
    }
}
