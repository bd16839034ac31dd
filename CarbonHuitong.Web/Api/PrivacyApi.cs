using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Privacy;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

public sealed record CloseAccountRequest(string? Password);

public sealed record ClosureResponse(string Pseudonym, DateTime ClosedAt, int CouponsVoided, decimal Forfeited, bool Replayed);

/// <summary>The citizen's rights over their own data (PIPL): a copy of all of it, and closing the account. Cookie or bearer.</summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/api/me").WithTags("Me").RequireAuthorization().RequireRateLimiting(RateLimits.CitizenPolicy);
        me.MapGet("/export", Export);
        me.MapPost("/close", CloseAsync).WithPasswordGuessLimits();
        return endpoints;
    }

    /// <summary>Everything about the caller, and only the caller, as a JSON download streamed from the database.</summary>
    private static IResult Export(HttpContext http, PersonalDataExport export, TimeProvider clock)
    {
        var citizen = CitizenOf(http);
        http.Response.Headers.CacheControl = "no-store";
        var day = PlatformTime.ChinaDateOf(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Results.Stream(body => export.WriteAsync(citizen, body, http.RequestAborted), "application/json; charset=utf-8",
            $"carbonhuitong-my-data-{day}.json");
    }

    private static async Task<Ok<ClosureResponse>> CloseAsync(CloseAccountRequest request, HttpContext http, AccountClosureService closure)
    {
        var closed = await closure.CloseAsync(CitizenOf(http), request.Password, http.RequestAborted);
        return TypedResults.Ok(new ClosureResponse(closed.Pseudonym, closed.ClosedAt, closed.CouponsVoided, closed.Forfeited.Value, closed.Replayed));
    }

    private static Actor CitizenOf(HttpContext http) => CarbonClaimsPrincipalFactory.ActorOf(http.User)
        ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no account.");
}
