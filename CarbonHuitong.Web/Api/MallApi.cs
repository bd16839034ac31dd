using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Web.Api;

public sealed record MallItemResponse(
    long Id, string Title, string Description, decimal PriceCredits, long FaceValueFen, int StockLeft, int? ValidDays, DateTime? ValidUntil);

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

    private static MallItemResponse ToResponse(MallItemView item) => new(item.Id, item.Title, item.Description, item.Price.Value,
        item.FaceValue.Value, item.StockLeft, item.ValidDays, item.ValidUntil);
}
