using System.Globalization;
using System.Security.Claims;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="Balance">What can be spent now; pending credits are not in it.</param>
/// <param name="PendingCredits">Credits a partner reported as pending (an order that can still be cancelled), not yet confirmed or reversed: not spendable.</param>
/// <param name="ExpiringCredits">What expires at the next cutoff if nothing more is spent (the oldest credits are spent first); 0 when nothing is due.</param>
/// <param name="ExpiresOn">The last China day (<c>yyyy-MM-dd</c>) to spend <paramref name="ExpiringCredits"/>; null when nothing is due to expire.</param>
public sealed record AccountResponse(decimal Balance, decimal CreditsEarned, decimal CreditsSpent, decimal GramsReduced, int GreenTrips,
    decimal PendingCredits, decimal ExpiringCredits, string? ExpiresOn);

public sealed record RedemptionRequest(long ItemId, string? RequestId);

public sealed record RedemptionResponse(long CouponId, string Code, long FaceValueFen, DateTime ExpiresAt, decimal Balance);

public sealed record RideCodeResponse(string Token, DateTime ExpiresAt);

/// <param name="Kind"><c>earn</c>, <c>spend</c>, <c>expire</c>, <c>adjust</c>, <c>void</c>, <c>forfeit</c>, <c>pending</c> (an earn held until its
/// partner confirms it: its credits are in <paramref name="PendingCredits"/>, not in the balance) or <c>reverse</c> (a pending earn taken back).</param>
/// <param name="Source">Who reported it: <c>transit</c> (a bus validator), <c>partner:&lt;code&gt;</c>, <c>demo</c>, …</param>
/// <param name="AlsoReportedBy">Other sources that reported the same act later; it was counted once, here.</param>
/// <param name="PendingCredits">The change to the pending total: the credits held on a <c>pending</c> entry, negative on the
/// <c>earn</c> that confirms it or the <c>reverse</c> that takes it back; 0 otherwise.</param>
/// <param name="PendingStatus">On a <c>pending</c> entry: <c>pending</c>, <c>confirmed</c> or <c>reversed</c>; null on every other kind.</param>
/// <param name="ConfirmsPending">True on the <c>earn</c> that confirmed a pending earn.</param>
public sealed record LedgerEntryResponse(
    long Id, string Kind, DateTime OccurredAt, string? BehaviourCode, decimal Credits, decimal Grams, decimal BalanceAfter,
    string? Description, string? LineId, string? Source, IReadOnlyList<string> AlsoReportedBy,
    decimal PendingCredits, string? PendingStatus, bool ConfirmsPending);

public sealed record LedgerPageResponse(IEnumerable<LedgerEntryResponse> Items, int TotalCount, int Page, int PageSize, int PageCount);

public sealed record CouponResponse(
    long Id, string Code, string Title, string TitleLanguage, long FaceValueFen, string Status, DateTime IssuedAt, DateTime ExpiresAt, DateTime? UsedAt, string? LineId);

/// <summary>
/// What every <c>/api/me</c> handler gets, as eShop's <c>CatalogServices</c>: the caller's carbon account as the
/// sign-in's claim carries it (as the pages read it), and the services that read and change it.
/// </summary>
public readonly record struct MeServices(
    ClaimsPrincipal User, LedgerQueries Ledger, MallQueries Mall, RedemptionService Redemptions, RideCodes RideCodes, CancellationToken Cancellation)
{
    public long AccountId => CarbonClaimsPrincipalFactory.AccountIdOf(User)
        ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
}

/// <summary>The signed-in caller's own data, by cookie or bearer token. Every query is scoped to the caller's account.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/api/me").WithTags("Me").RequireAuthorization().RequireRateLimiting(RateLimits.CitizenPolicy);
        me.MapGet("/account", GetAccountAsync);
        me.MapGet("/ledger", GetLedgerAsync);
        me.MapPost("/redemptions", RedeemAsync);
        me.MapGet("/coupons", GetCouponsAsync);
        me.MapGet("/coupons/{id:long}", GetCouponAsync);
        me.MapGet("/ride-code", GetRideCode);
        return endpoints;
    }

    private static async Task<Ok<AccountResponse>> GetAccountAsync([AsParameters] MeServices me, CreditExpiry expiry)
    {
        var summary = await me.Ledger.GetSummaryAsync(me.AccountId, me.Cancellation)
            ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
        var expiring = await expiry.ForecastAsync(me.AccountId, me.Cancellation);
        return TypedResults.Ok(new AccountResponse(summary.Balance.Value, summary.CreditsEarned.Value, summary.CreditsSpent.Value,
            summary.Reduced.Grams, summary.GreenTrips, summary.Pending.Value, expiring.Amount.Value,
            expiring.LastDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    /// <summary>The ledger history, newest first, paged and filtered in the database like the ledger page's table.</summary>
    private static async Task<Ok<LedgerPageResponse>> GetLedgerAsync([AsParameters] MeServices me,
        int page = 1, int pageSize = 20, string? behaviour = null, DateOnly? from = null, DateOnly? to = null)
    {
        var history = await me.Ledger.GetHistoryAsync(me.AccountId, new LedgerFilter(behaviour, from, to), page, pageSize, me.Cancellation);
        return TypedResults.Ok(new LedgerPageResponse(
            history.Items.Select(e => new LedgerEntryResponse(e.Id, e.Kind.ToString().ToLowerInvariant(), e.OccurredAtUtc,
                e.BehaviourCode, e.Credits.Value, e.Reduction.Grams, e.BalanceAfter.Value, e.Description, e.LineId, e.Source, e.AlsoReportedBy,
                e.Held.Value, e.Pending?.ToString().ToLowerInvariant(), e.ConfirmsPending)),
            history.TotalCount, history.PageNumber, history.PageSize, history.PageCount));
    }

    private static async Task<Created<RedemptionResponse>> RedeemAsync(RedemptionRequest request, [AsParameters] MeServices me)
    {
        var result = await me.Redemptions.RedeemAsync(me.AccountId, request.ItemId, request.RequestId ?? "", me.Cancellation);
        var coupon = result.Coupon;
        return TypedResults.Created($"/api/me/coupons/{coupon.Id}",
            new RedemptionResponse(coupon.Id, coupon.Code, coupon.FaceValue.Value, coupon.ExpiresAt, result.Balance.Value));
    }

    /// <summary>The wallet in its order (unused, used, expired), or one tab of it with <c>status=unused|used|expired</c>.</summary>
    private static async Task<Ok<IEnumerable<CouponResponse>>> GetCouponsAsync([AsParameters] MeServices me, string? status = null) =>
        TypedResults.Ok((status is null
                ? await me.Mall.GetWalletAsync(me.AccountId, ct: me.Cancellation)
                : await me.Mall.GetWalletAsync(me.AccountId, WalletTabOf(status), ct: me.Cancellation))
            .Select(ToResponse));

    private static CouponStatus WalletTabOf(string status) => status switch
    {
        "unused" => CouponStatus.Unused,
        "used" => CouponStatus.Used,
        "expired" => CouponStatus.Expired,
        _ => throw new DomainException(ErrorCodes.BadRequest, "'status' is unused, used or expired."),
    };

    private static async Task<Results<Ok<CouponResponse>, NotFound>> GetCouponAsync(long id, [AsParameters] MeServices me)
    {
        var coupon = await me.Mall.FindCouponAsync(me.AccountId, id, me.Cancellation);
        return coupon is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(coupon));
    }

    /// <summary>A fresh signed ride code at every call, for app clients to show as a QR code.</summary>
    private static Ok<RideCodeResponse> GetRideCode([AsParameters] MeServices me)
    {
        var code = me.RideCodes.Issue(me.AccountId);
        return TypedResults.Ok(new RideCodeResponse(code.Token, code.ExpiresAt));
    }

    private static CouponResponse ToResponse(CouponView coupon) => new(coupon.Id, coupon.Code, coupon.Title.ForReader().Text, coupon.Title.ForReader().Language, coupon.FaceValue.Value,
        coupon.Status.ToString().ToLowerInvariant(), coupon.IssuedAt, coupon.ExpiresAt, coupon.UsedAt, coupon.UsedLineId);
}
