using System.Globalization;
using System.Security.Claims;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Components.Pages.Government;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="MilligramsPerUnit">CO2e per unit of the behaviour whose factor turns credits into reductions (the bus ride: 120,000 mg).</param>
/// <param name="CreditsPerUnit">Credits per unit of it (1.10).</param>
public sealed record ClosedLoopRateResponse(string BehaviourCode, long MilligramsPerUnit, decimal CreditsPerUnit);

/// <param name="FundedFen">Face value of the coupons funded, in fen.</param>
/// <param name="Expired">Redeemed coupons past their expiry that no ride used.</param>
/// <param name="RideMilligrams">CO2e of the rides on which the coupons were used.</param>
/// <param name="RewardedMilligrams">Citizens' reductions rewarded so far: the credits spent on the redeemed coupons at the rate's grams per credit.</param>
/// <param name="RewardedMilligramsWhenAllRedeemed">The same for every coupon funded.</param>
/// <param name="CouponFenPerRewardedTonne">Coupon value per tonne of citizens' reductions, in fen (rounded half away from zero); null without coupons.</param>
public sealed record ClosedLoopCouponsResponse(
    int Funded, long FundedFen, decimal FundedCredits, int Redeemed, int UsedAtRides, int Expired, decimal CreditsSpent, long RideMilligrams,
    long RewardedMilligrams, long RewardedMilligramsWhenAllRedeemed, long? CouponFenPerRewardedTonne);

/// <param name="Status"><c>draft</c>, <c>submitted</c>, <c>listed</c> or <c>delisted</c> (rejected batches hold no revenue and are left out).</param>
public sealed record ClosedLoopBatchResponse(long BatchId, long FaceValueFen, decimal PriceCredits, string Status, ClosedLoopCouponsResponse Coupons);

/// <param name="AveragePricePerTonneFen">Revenue ÷ tonnes sold in fen, rounded half away from zero; null before a sale.</param>
/// <param name="TonnesRewardedPerTonneSold">Citizens' tonnes rewarded so far per tonne sold (9 decimals); null before a sale.</param>
public sealed record ClosedLoopProjectResponse(
    long ProjectId, string Name, string Organization, long TonnesIssued, long TonnesSold, long RevenueFen, long? AveragePricePerTonneFen,
    decimal? TonnesRewardedPerTonneSold, decimal? TonnesRewardedPerTonneSoldWhenAllRedeemed, ClosedLoopCouponsResponse Coupons,
    IEnumerable<ClosedLoopBatchResponse> Batches);

/// <param name="AsOf">The instant the figures were read; it decides which coupons have expired.</param>
public sealed record ClosedLoopResponse(ClosedLoopRateResponse Rate, DateTime AsOf, IEnumerable<ClosedLoopProjectResponse> Projects);

/// <summary>
/// The closed loop, from tonnes sold to rides paid by coupons: <c>GET /api/government/closed-loop</c> (JSON, money in
/// fen) and <c>/government/closed-loop.csv</c> (the page's table). Regulators and mall administrators read every
/// project; a project owner their own organization's.
/// </summary>
public static class ClosedLoopApi
{
    public static readonly string[] Readers = [Roles.Regulator, Roles.MallAdmin, Roles.ProjectOwner];

    public static IEndpointRouteBuilder MapClosedLoopApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/government/closed-loop", ReadAsync).WithTags("Government")
            .RequireAuthorization(policy => policy.RequireRole(Readers))
            .WithSummary("The closed loop per emission-reduction project and coupon batch")
            .WithDescription("Tonnes issued and sold, revenue and its average price per tonne, coupons funded, redeemed, used at rides and expired, "
                + "the CO2e of the rides they paid, and the citizens' reductions they reward (credits spent × the bus ride's grams per credit). "
                + "Regulators and mall administrators see every project; a project owner sees their organization's.")
            .Refuses(StatusCodes.Status401Unauthorized, "unauthorized")
            .Refuses(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden);
        endpoints.MapGet("/government/closed-loop.csv", ExportAsync).WithTags("Government")
            .RequireAuthorization(policy => policy.RequireRole(Readers))
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Ok<ClosedLoopResponse>> ReadAsync(ClaimsPrincipal user, ClosedLoopReport report, CancellationToken ct)
    {
        var loop = await report.ReadAsync(ActorOf(user), ct);
        return TypedResults.Ok(new ClosedLoopResponse(
            new ClosedLoopRateResponse(loop.Rate.BehaviourCode, loop.Rate.PerUnit.Milligrams, loop.Rate.CreditsPerUnit.Value), loop.AsOf,
            loop.Projects.Select(p => new ClosedLoopProjectResponse(p.ProjectId, p.Name, p.Organization, p.TonnesIssued, p.TonnesSold, p.Revenue.Value,
                p.AveragePricePerTonne?.Value, p.TonnesRewardedPerTonneSold, p.TonnesRewardedPerTonneSoldWhenAllRedeemed, Coupons(p.Coupons, p.Rewards),
                p.Batches.Select(b => new ClosedLoopBatchResponse(b.BatchId, b.FaceValue.Value, b.Price.Value, b.Status.ToString().ToLowerInvariant(),
                    Coupons(b.Coupons, b.Rewards)))))));
    }

    private static ClosedLoopCouponsResponse Coupons(ClosedLoopCoupons c, ClosedLoopRewards r) => new(c.Funded, c.FundedValue.Value, c.FundedPrice.Value,
        c.Redeemed, c.UsedAtRides, c.Expired, c.CreditsSpent.Value, c.RideReduction.Milligrams, r.SoFar.Milligrams, r.WhenAllRedeemed.Milligrams,
        r.CouponValuePerTonne?.Value);

    /// <summary>The page's table, line for line and column for column (<see cref="ClosedLoopTable"/>).</summary>
    private static async Task<IResult> ExportAsync(ClaimsPrincipal user, ClosedLoopReport report, CancellationToken ct)
    {
        var lines = ClosedLoopTable.Lines(await report.ReadAsync(ActorOf(user), ct));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var column in ClosedLoopTable.Columns) csv.WriteField(column.CsvName);
            await csv.NextRecordAsync();
            foreach (var line in lines)
            {
                foreach (var column in ClosedLoopTable.Columns) csv.WriteField(column.Exported(line));
                await csv.NextRecordAsync();
            }
        }
        return TypedResults.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(writer.ToString())).ToArray(),
            "text/csv; charset=utf-8", "closed-loop.csv");
    }

    private static Actor ActorOf(ClaimsPrincipal user) =>
        CarbonClaimsPrincipalFactory.ActorOf(user) ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");
}
