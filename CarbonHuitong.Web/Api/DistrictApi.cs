using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="Code">The GB/T 2260 code, e.g. <c>500103</c>.</param>
/// <param name="Name">The name in the request's language.</param>
public sealed record DistrictResponse(string Code, string Name);

/// <param name="DistrictCode">The caller's district or county (GB/T 2260 code); null when not given.</param>
/// <param name="Name">Its name in the request's language; null when not given.</param>
public sealed record DistrictChoiceResponse(string? DistrictCode, string? Name);

/// <param name="DistrictCode">A code from <c>GET /api/districts</c>, or null to clear the choice.</param>
public sealed record DistrictChoiceRequest(string? DistrictCode);

/// <summary>
/// Chongqing's 38 districts and counties, and the caller's own choice of one. The choice is optional and used only for
/// regional statistics; nothing but the citizen sets it.
/// </summary>
public static class DistrictApi
{
    public static IEndpointRouteBuilder MapDistrictApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/districts", () => TypedResults.Ok(DistrictCatalogue.All.Select(ToResponse)))
            .WithTags("Districts").AllowAnonymous().RequireRateLimiting(RateLimits.CitizenPolicy);

        var mine = endpoints.MapGroup("/api/me/district").WithTags("Me").RequireAuthorization().RequireRateLimiting(RateLimits.CitizenPolicy);
        mine.MapGet("", GetMineAsync);
        mine.MapPut("", SetMineAsync)
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.UnknownDistrict, ErrorCodes.BadRequest)
            .Refuses(StatusCodes.Status403Forbidden, ErrorCodes.AccountClosed);
        return endpoints;
    }

    private static async Task<Ok<DistrictChoiceResponse>> GetMineAsync([AsParameters] MeServices me, CitizenDistricts districts) =>
        TypedResults.Ok(Choice(await districts.GetAsync(me.AccountId, me.Cancellation)));

    private static async Task<Ok<DistrictChoiceResponse>> SetMineAsync(DistrictChoiceRequest request, [AsParameters] MeServices me, CitizenDistricts districts)
    {
        await districts.SetAsync(me.AccountId, request.DistrictCode, me.Cancellation);
        return TypedResults.Ok(Choice(await districts.GetAsync(me.AccountId, me.Cancellation)));
    }

    private static DistrictChoiceResponse Choice(string? code) =>
        DistrictCatalogue.Find(code) is { } district ? new(district.Code, district.NameIn(CultureInfo.CurrentUICulture)) : new(null, null);

    private static DistrictResponse ToResponse(District district) => new(district.Code, district.NameIn(CultureInfo.CurrentUICulture));
}
