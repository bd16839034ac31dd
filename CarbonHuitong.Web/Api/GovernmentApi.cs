using System.Globalization;
using System.Security.Claims;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Components.Pages.Government;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="DistrictCode">The GB/T 2260 code of a district; <c>none</c> for citizens who gave none, <c>other</c> for the
/// suppressed rows together, <c>total</c> for the platform.</param>
/// <param name="Kind"><c>district</c>, <c>not_given</c>, <c>other</c> or <c>total</c>.</param>
/// <param name="Name">The row's name in the request's language.</param>
/// <param name="GramsReduced">CO₂e reduced in grams, an exact decimal (to the milligram); null when suppressed.</param>
/// <param name="Credits">Credits earned, an exact decimal; null when suppressed.</param>
/// <param name="Suppressed">True when the row has too few citizens to show (or would reveal one by subtraction): every figure is null.</param>
public sealed record GovernmentDistrictResponse(string DistrictCode, string Kind, string Name, long? Citizens, long? ActiveCitizens,
    decimal? GramsReduced, decimal? Credits, long? CouponsRedeemed, long? CouponsUsed, bool Suppressed);

/// <summary>
/// Regional statistics for regulators (and mall administrators): the district table as JSON, and as the CSV the
/// dashboard offers. Figures only: no person, account or ledger is ever named.
/// </summary>
public static class GovernmentApi
{
    public static IEndpointRouteBuilder MapGovernmentApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/government").WithTags("Government")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Regulator, Roles.MallAdmin)).RequireRateLimiting(RateLimits.CitizenPolicy);
        api.MapGet("/districts", GetDistrictsAsync)
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.BadPeriod, ErrorCodes.BadRequest);

        endpoints.MapGet(GovernmentLinks.DistrictsCsvPath, GetDistrictsCsvAsync).WithTags("Government")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Regulator, Roles.MallAdmin)).RequireRateLimiting(RateLimits.CitizenPolicy);
        return endpoints;
    }

    /// <summary>
    /// Each district in code order, then citizens who gave none, then the suppressed rows together ("other"), then the
    /// total; <c>from</c> and <c>to</c> are China months (YYYY-MM), both or neither (the last 12 months).
    /// </summary>
    private static async Task<Ok<IEnumerable<GovernmentDistrictResponse>>> GetDistrictsAsync(ClaimsPrincipal user, RegionalStatistics statistics,
        TimeProvider clock, CancellationToken ct, string? from = null, string? to = null, string? category = null)
    {
        var table = await ReadAsync(user, statistics, clock, from, to, category, ct);
        return TypedResults.Ok(ShownDistrictRow.Of(table).Select(r => new GovernmentDistrictResponse(r.Code, KindName(r.Kind), r.Name,
            r.Row.Citizens, r.Row.ActiveCitizens, GovernmentText.Grams(r.Row.Milligrams),
            r.Row.CreditHundredths is { } credits ? new Core.Ledger.Credits(credits).Value : null,
            r.Row.CouponsRedeemed, r.Row.CouponsUsed, r.Row.Suppressed)));
    }

    /// <summary>The dashboard's table as it shows it: the same rows, names in the reader's language, "&lt;10" in a suppressed cell.</summary>
    private static async Task<IResult> GetDistrictsCsvAsync(ClaimsPrincipal user, RegionalStatistics statistics, TimeProvider clock,
        CancellationToken ct, string? from = null, string? to = null, string? category = null)
    {
        var table = await ReadAsync(user, statistics, clock, from, to, category, ct);
        var hidden = GovernmentText.Suppressed(table.MinimumCitizens);
        string Figure(object? value) => value is null ? hidden : Convert.ToString(value, CultureInfo.InvariantCulture)!;
        return CsvFile.Of("districts.csv",
            ["Kind", "DistrictCode", "District", "Citizens", "ActiveCitizens", "Co2eGrams", "Credits", "CouponsRedeemed", "CouponsUsed", "Suppressed"],
            ShownDistrictRow.Of(table).Select(r => new[]
            {
                KindName(r.Kind), r.Code, r.Name, Figure(r.Row.Citizens), Figure(r.Row.ActiveCitizens), Figure(GovernmentText.Grams(r.Row.Milligrams)),
                Figure(r.Row.CreditHundredths is { } credits ? new Core.Ledger.Credits(credits).Value : null),
                Figure(r.Row.CouponsRedeemed), Figure(r.Row.CouponsUsed), r.Row.Suppressed ? "true" : "false",
            }));
    }

    private static Task<DistrictTable> ReadAsync(ClaimsPrincipal user, RegionalStatistics statistics, TimeProvider clock,
        string? from, string? to, string? category, CancellationToken ct) =>
        statistics.DistrictsAsync(ActorOf(user), MonthRange.Parse(from, to, clock.GetUtcNow().UtcDateTime), GovernmentLinks.ParseCategory(category), ct);

    public static string KindName(DistrictRowKind kind) => kind switch
    {
        DistrictRowKind.District => "district",
        DistrictRowKind.NotGiven => "not_given",
        DistrictRowKind.Other => "other",
        _ => "total",
    };

    private static Actor ActorOf(ClaimsPrincipal user) =>
        CarbonClaimsPrincipalFactory.ActorOf(user) ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");
}
