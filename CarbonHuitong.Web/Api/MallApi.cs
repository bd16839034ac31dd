using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Web.Api;

/// <param name="TitleLanguage">"zh-CN" or "en": the language <paramref name="Title"/> is in. It differs from the request's
/// language when the item was entered only in the other one.</param>
public sealed record MallItemResponse(
    long Id, string Title, string TitleLanguage, string Description, string DescriptionLanguage, decimal PriceCredits, long FaceValueFen,
    int StockLeft, int? ValidDays, DateTime? ValidUntil);

public static class MallApi
{
    public static IEndpointRouteBuilder MapMallApi(this IEndpointRouteBuilder endpoints)
    {
        // The shelf is public, like the mall page: anyone may look before signing up; redeeming needs an account.
        var mall = endpoints.MapGroup("/api/mall").WithTags("Mall").AllowAnonymous();
        mall.MapGet("/items", async (MallQueries mallQueries, CancellationToken ct) =>
            TypedResults.Ok((await mallQueries.GetShelfAsync(ct)).Select(ToResponse)));
        return endpoints;
    }

    // In the request's language (culture cookie, then Accept-Language), else the other one.
    private static MallItemResponse ToResponse(MallItemView item)
    {
        var (title, description) = (item.Title.ForReader(), item.Description.ForReader());
        return new(item.Id, title.Text, title.Language, description.Text, description.Language, item.Price.Value,
            item.FaceValue.Value, item.StockLeft, item.ValidDays, item.ValidUntil);
    }
}
