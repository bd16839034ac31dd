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
        ErrorCodes.AccountClosed => StatusCodes.Status403Forbidden,
        ErrorCodes.InsufficientCredits or ErrorCodes.EventConflict or ErrorCodes.SoldOut or ErrorCodes.LimitReached
            or ErrorCodes.RequestConflict or ErrorCodes.ReplayedCode or ErrorCodes.ScanConflict => StatusCodes.Status409Conflict,
        ErrorCodes.UnknownTerminal => StatusCodes.Status401Unauthorized,
        ErrorCodes.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>
    /// What a 503 tells the client to wait before retrying. Short: the server has already waited out the busy timeout,
    /// and a retry waits for it again, so a client retrying after a second neither hammers the store nor waits long
    /// once the lock is released.
    /// </summary>
    public const int RetryAfterSeconds = 1;

    private static string TitleKey(int? status, string code) => status switch
    {
        StatusCodes.Status503ServiceUnavailable => "title.unavailable",
        >= 400 and < 500 when code != ErrorCodes.BadRequest => "title.refused",
        _ => "title.invalid",
    };

    private static string CodeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCodes.BadRequest,
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
        >= 500 => "server_error",
        _ => "error",
    };

    private sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            var (status, code, title, detail) = exception switch
            {
                DomainException domain => (StatusFor(domain.Code), domain.Code, "", domain.Message),
                BadHttpRequestException bad => (bad.StatusCode, ErrorCodes.BadRequest, "", bad.Message),
                _ => (0, "", "", ""),
            };
            if (status == 0) return false;

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
