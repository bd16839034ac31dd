using System.Globalization;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Web.Components.Pages.Government;
using CarbonHuitong.Web.Hardening;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Web.Api;

/// <param name="GramsByCategory">CO₂e reduced by category of the national guideline (<c>transport</c>, <c>food</c>, …), exact grams; null when suppressed.</param>
/// <param name="CouponsFundedFen">The face value of the coupon batches listed that month, in fen: never personal, never suppressed.</param>
public sealed record OpenDataMonthResponse(string Month, long? Citizens, long? ActiveCitizens, IReadOnlyDictionary<string, decimal?> GramsByCategory,
    long CouponsFundedFen, long? CouponsUsed, bool Suppressed);

/// <param name="MinimumCitizens">A month of fewer citizens than this shows no personal figure.</param>
public sealed record OpenDataResponse(string From, string To, int MinimumCitizens, IReadOnlyList<OpenDataMonthResponse> Months);

/// <summary>
/// The city's monthly totals, for anyone and without signing in, as JSON and CSV: the figure a city publishes, with the
/// dashboard's rules of suppression. <c>from</c> and <c>to</c> (YYYY-MM) are optional; without them, the last 12 months.
/// </summary>
public static class OpenDataApi
{
    public static IEndpointRouteBuilder MapOpenDataApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(GovernmentLinks.OpenDataJsonPath, async (RegionalStatistics statistics, TimeProvider clock, IOptions<GovernmentOptions> options,
                CancellationToken ct, string? from = null, string? to = null) =>
            TypedResults.Ok(await ReadAsync(statistics, clock, options, from, to, ct)))
            .WithTags("Open data").AllowAnonymous().RequireRateLimiting(RateLimits.CitizenPolicy);
        endpoints.MapGet(GovernmentLinks.OpenDataCsvPath, async (RegionalStatistics statistics, TimeProvider clock, IOptions<GovernmentOptions> options,
                CancellationToken ct, string? from = null, string? to = null) =>
            ToCsv(await ReadAsync(statistics, clock, options, from, to, ct)))
            .WithTags("Open data").AllowAnonymous().RequireRateLimiting(RateLimits.CitizenPolicy);
        return endpoints;
    }

    public static async Task<OpenDataResponse> ReadAsync(RegionalStatistics statistics, TimeProvider clock, IOptions<GovernmentOptions> options,
        string? from, string? to, CancellationToken ct)
    {
        var period = MonthRange.Parse(from, to, clock.GetUtcNow().UtcDateTime);
        var months = await statistics.OpenDataAsync(period, ct);
        return new OpenDataResponse(MonthRange.Format(period.From), MonthRange.Format(period.To), options.Value.MinimumCellCitizens,
            months.Select(m => new OpenDataMonthResponse(MonthRange.Format(m.Month), m.Citizens, m.ActiveCitizens,
                Enum.GetValues<BehaviourCategory>().ToDictionary(GovernmentLinks.CategoryCode,
                    c => m.Suppressed ? null : m.MilligramsByCategory.TryGetValue(c, out var milligrams) ? GovernmentText.Grams(milligrams) : 0m),
                m.CouponsFundedFen, m.CouponsUsed, m.Suppressed)).ToList());
    }

    private static IResult ToCsv(OpenDataResponse data)
    {
        var hidden = GovernmentText.Suppressed(data.MinimumCitizens);
        string Figure(object? value) => value is null ? hidden : Convert.ToString(value, CultureInfo.InvariantCulture)!;
        var categories = Enum.GetValues<BehaviourCategory>().Select(GovernmentLinks.CategoryCode).ToList();
        return CsvFile.Of("open-data.csv",
            ["Month", "Citizens", "ActiveCitizens", .. categories.Select(c => "Co2eGrams_" + c), "CouponsFundedFen", "CouponsUsed", "Suppressed"],
            data.Months.Select(m => (IReadOnlyList<string>)
            [
                m.Month, Figure(m.Citizens), Figure(m.ActiveCitizens), .. categories.Select(c => Figure(m.GramsByCategory[c])),
                m.CouponsFundedFen.ToString(CultureInfo.InvariantCulture), Figure(m.CouponsUsed), m.Suppressed ? "true" : "false",
            ]));
    }
}
