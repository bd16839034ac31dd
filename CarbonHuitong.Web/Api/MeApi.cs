using System.Security.Claims;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Transit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Web.Api;

public sealed record AccountResponse(decimal Balance, decimal CreditsEarned, decimal CreditsSpent, decimal GramsReduced, int GreenTrips);

public sealed record RedemptionRequest(long ItemId, string? RequestId);

public sealed record RedemptionResponse(long CouponId, string Code, long FaceValueFen, DateTime ExpiresAt, decimal Balance);

public sealed record RideCodeResponse(string Token, DateTime ExpiresAt);

public sealed record LedgerEntryResponse(
    long Id, string Kind, DateTime OccurredAt, string? BehaviourCode, decimal Credits, decimal Grams, decimal BalanceAfter,
    string? Description, string? LineId);

public sealed record LedgerPageResponse(IEnumerable<LedgerEntryResponse> Items, int TotalCount, int Page, int PageSize, int PageCount);

public sealed record CouponResponse(
    long Id, string Code, string Title, long FaceValueFen, string Status, DateTime IssuedAt, DateTime ExpiresAt, DateTime? UsedAt, string? LineId);

/// <summary>The signed-in caller's own data, by cookie or bearer token. Every query is scoped to the caller's account.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/api/me").WithTags("Me").RequireAuthorization();
        me.MapGet("/account", GetAccountAsync);
        me.MapGet("/ledger", GetLedgerAsync);
        me.MapPost("/redemptions", RedeemAsync);
        me.MapGet("/coupons", GetCouponsAsync);
        me.MapGet("/coupons/{id:long}", GetCouponAsync);
        me.MapGet("/ride-code", GetRideCodeAsync);
        return endpoints;
    }

    private static async Task<Ok<AccountResponse>> GetAccountAsync(
        ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, CancellationToken ct)
    {
        var accountId = await RequireAccountIdAsync(user, users, ledger, ct);
        var summary = (await ledger.GetSummaryAsync(accountId, ct))!;
        return TypedResults.Ok(new AccountResponse(summary.Balance.Value, summary.CreditsEarned.Value, summary.CreditsSpent.Value,
            summary.Reduced.Grams, summary.GreenTrips));
    }

    /// <summary>The ledger history, newest first, paged and filtered in the database like the ledger page's table.</summary>
    private static async Task<Ok<LedgerPageResponse>> GetLedgerAsync(
        ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, CancellationToken ct,
        int page = 1, int pageSize = 20, string? behaviour = null, DateOnly? from = null, DateOnly? to = null)
    {
        var accountId = await RequireAccountIdAsync(user, users, ledger, ct);
        var history = await ledger.GetHistoryAsync(accountId, new LedgerFilter(behaviour, from, to), page, pageSize, ct);
        return TypedResults.Ok(new LedgerPageResponse(
            history.Items.Select(e => new LedgerEntryResponse(e.Id, e.Kind.ToString().ToLowerInvariant(), e.OccurredAtUtc,
                e.BehaviourCode, e.Credits.Value, e.Reduction.Grams, e.BalanceAfter.Value, e.Description, e.LineId)),
            history.TotalCount, history.PageNumber, history.PageSize, history.PageCount));
    }

    private static async Task<Created<RedemptionResponse>> RedeemAsync(RedemptionRequest request,
        ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, RedemptionService redemptions, CancellationToken ct)
    {
        var accountId = await RequireAccountIdAsync(user, users, ledger, ct);
        var result = await redemptions.RedeemAsync(accountId, request.ItemId, request.RequestId ?? "", ct);
        var coupon = result.Coupon;
        return TypedResults.Created($"/api/me/coupons/{coupon.Id}",
            new RedemptionResponse(coupon.Id, coupon.Code, coupon.FaceValue.Value, coupon.ExpiresAt, result.Balance.Value));
    }

    private static async Task<Ok<IEnumerable<CouponResponse>>> GetCouponsAsync(
        ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, MallQueries mall, CancellationToken ct)
    {
        var accountId = await RequireAccountIdAsync(user, users, ledger, ct);
        return TypedResults.Ok((await mall.GetWalletAsync(accountId, ct: ct)).Select(ToResponse));
    }

    private static async Task<Results<Ok<CouponResponse>, NotFound>> GetCouponAsync(long id,
        ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, MallQueries mall, CancellationToken ct)
    {
        var accountId = await RequireAccountIdAsync(user, users, ledger, ct);
        var coupon = await mall.FindCouponAsync(accountId, id, ct);
        return coupon is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(coupon));
    }

    /// <summary>A fresh signed ride code at every call, for app clients to show as a QR code.</summary>
    private static async Task<Ok<RideCodeResponse>> GetRideCodeAsync(
        ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, RideCodes rideCodes, CancellationToken ct)
    {
        var accountId = await RequireAccountIdAsync(user, users, ledger, ct);
        var code = rideCodes.Issue(accountId);
        return TypedResults.Ok(new RideCodeResponse(code.Token, code.ExpiresAt));
    }

    private static CouponResponse ToResponse(CouponView coupon) => new(coupon.Id, coupon.Code, coupon.Title, coupon.FaceValue.Value,
        coupon.Status.ToString().ToLowerInvariant(), coupon.IssuedAt, coupon.ExpiresAt, coupon.UsedAt, coupon.UsedLineId);

    private static async Task<long> RequireAccountIdAsync(ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, CancellationToken ct)
    {
        if (CarbonClaimsPrincipalFactory.AccountIdOf(user) is { } signedIn) return signedIn;
        var userId = users.GetUserId(user);
        var accountId = userId is null ? null : await ledger.FindAccountIdAsync(userId, ct);
        return accountId ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
    }
}
