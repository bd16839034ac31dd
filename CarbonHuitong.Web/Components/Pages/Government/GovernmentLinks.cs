using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Web.Components.Pages.Government;

/// <summary>The exports' addresses for a period and category, as the page links them and the endpoints read them.</summary>
public static class GovernmentLinks
{
    public const string DistrictsCsvPath = "/government/districts.csv";
    public const string OpenDataJsonPath = "/open-data.json";
    public const string OpenDataCsvPath = "/open-data.csv";

    public static string DistrictsCsv(MonthRange period, BehaviourCategory? category) =>
        DistrictsCsvPath.TrimStart('/') + $"?from={MonthRange.Format(period.From)}&to={MonthRange.Format(period.To)}"
        + (category is { } chosen ? "&category=" + CategoryCode(chosen) : "");

    /// <summary>A category as links, the API and the CSV write it: <c>transport</c>, <c>digitalFinance</c>.</summary>
    public static string CategoryCode(BehaviourCategory category) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(category.ToString());

    /// <summary>A category from a query string, by its code or its name, any case; nothing for none; refused with <c>bad_request</c> otherwise.</summary>
    public static BehaviourCategory? ParseCategory(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : Enum.TryParse<BehaviourCategory>(text, ignoreCase: true, out var category) && text.All(char.IsAsciiLetter) ? category
        : throw new Core.DomainException(Core.ErrorCodes.BadRequest,
            "'category' is one of " + string.Join(", ", Enum.GetValues<BehaviourCategory>().Select(CategoryCode)) + ".");
}
