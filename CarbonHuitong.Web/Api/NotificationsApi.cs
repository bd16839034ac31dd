using System.Security.Claims;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="Kind">credits-expiring, coupon-expiring, coupon-used, pending-confirmed, pending-reversed, partner-linked,
/// partner-revoked, claim-approved, claim-rejected, account-frozen, account-unfrozen.</param>
/// <param name="Text">The notification in the request's language (culture cookie, else Accept-Language), written now.</param>
/// <param name="Credits">Credits it is about (expiring, confirmed, reversed, granted).</param>
/// <param name="FaceValueFen">A coupon's face value, in fen.</param>
/// <param name="Day">The China date it is about: when credits or a coupon expire.</param>
/// <param name="Subject">What it is about, by id: a coupon code, a partner code.</param>
/// <param name="Detail">A used coupon's line, or the words given with a decision (a claim's, a freeze's).</param>
public sealed record NotificationResponse(long Id, string Kind, string Text, DateTime CreatedAt, bool Read, decimal? Credits, long? FaceValueFen,
    DateOnly? Day, string? Subject, string? Detail);

public sealed record NotificationPageResponse(IEnumerable<NotificationResponse> Items, int UnreadCount, int TotalCount, int Page, int PageSize,
    int PageCount);

public sealed record UnreadCountResponse(int UnreadCount);

/// <summary>What every notifications handler gets: the caller's carbon account as the sign-in's claim carries it, and the centre.</summary>
public readonly record struct NotificationServices(ClaimsPrincipal User, NotificationCenter Center, PartnerQueries Partners, CancellationToken Cancellation)
{
    public long AccountId => CarbonClaimsPrincipalFactory.AccountIdOf(User)
        ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
}

/// <summary>The caller's notification centre: the list (newest first, worded in the reader's language), and marking read.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder endpoints)
    {
        var notifications = endpoints.MapGroup("/api/me/notifications").WithTags("Me").RequireAuthorization()
            .RequireRateLimiting(RateLimits.CitizenPolicy)
            .Refuses(StatusCodes.Status401Unauthorized, "unauthorized")
            .Refuses(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
        notifications.MapGet("", GetAsync)
            .WithSummary("The citizen's notifications, newest first, worded in the request's language, with the unread count")
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.BadPage)
            .Refuses(StatusCodes.Status404NotFound, ErrorCodes.AccountNotFound);
        notifications.MapPost("/{id:long}/read", MarkReadAsync)
            .WithSummary("Mark one notification read; answers the unread count")
            .Refuses(StatusCodes.Status404NotFound, ErrorCodes.NotFound, ErrorCodes.AccountNotFound);
        notifications.MapPost("/read-all", MarkAllReadAsync)
            .WithSummary("Mark every notification read; answers the unread count")
            .Refuses(StatusCodes.Status404NotFound, ErrorCodes.AccountNotFound);
        return endpoints;
    }

    private static async Task<Ok<NotificationPageResponse>> GetAsync([AsParameters] NotificationServices me, int page = 1, int pageSize = 20)
    {
        var request = new PageRequest(page, pageSize);
        var accountId = me.AccountId;
        var found = await me.Center.PageAsync(accountId, request, me.Cancellation);
        var unread = await me.Center.UnreadCountAsync(accountId, me.Cancellation);
        var partners = await me.Partners.GetNamesAsync(me.Cancellation);
        return TypedResults.Ok(new NotificationPageResponse(
            found.Items.Select(n => new NotificationResponse(n.Id, NotificationText.KindName(n.Kind), NotificationText.For(n, partners), n.CreatedAt, n.Read,
                n.Credits?.Value, n.FaceValueFen, n.Day, n.Subject, n.Detail)),
            unread, found.TotalCount, found.PageNumber, found.PageSize, found.PageCount));
    }

    /// <summary>Another citizen's notification, or one that does not exist, is 404 <c>not_found</c>; reading one twice is fine.</summary>
    private static async Task<Ok<UnreadCountResponse>> MarkReadAsync(long id, [AsParameters] NotificationServices me)
    {
        var accountId = me.AccountId;
        await me.Center.MarkReadAsync(accountId, id, me.Cancellation);
        return TypedResults.Ok(new UnreadCountResponse(await me.Center.UnreadCountAsync(accountId, me.Cancellation)));
    }

    private static async Task<Ok<UnreadCountResponse>> MarkAllReadAsync([AsParameters] NotificationServices me)
    {
        var accountId = me.AccountId;
        await me.Center.MarkAllReadAsync(accountId, me.Cancellation);
        // Counted again: the job may have told something new meanwhile.
        return TypedResults.Ok(new UnreadCountResponse(await me.Center.UnreadCountAsync(accountId, me.Cancellation)));
    }
}
