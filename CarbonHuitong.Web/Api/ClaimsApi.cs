using System.Security.Claims;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="Kind"><c>missing_ride</c>, <c>missing_event</c> or <c>appeal</c>.</param>
/// <param name="OccurredAt">When it happened, with its offset; an appeal takes the partner event's own time and may leave it out.</param>
/// <param name="RequestId">The client's id for this claim: a retry with it answers the claim filed the first time.</param>
public sealed record ClaimRequest(string? Kind, DateTimeOffset? OccurredAt, string? Place, string? Note, string? Behaviour, string? Partner,
    string? PartnerEventId, string? RequestId);

/// <param name="Status"><c>open</c>, <c>approved</c> or <c>rejected</c>.</param>
/// <param name="CreditsGranted">What an approval granted.</param>
/// <param name="AppealedCode">For an appeal, what the platform had answered the event: <c>counted_elsewhere</c> or <c>daily_cap</c>.</param>
public sealed record ClaimResponse(long Id, string Kind, DateTime OccurredAt, string Place, string Note, string? Behaviour, string? Partner,
    string? PartnerEventId, DateTime SubmittedAt, string Status, DateTime? DecidedAt, string? DecisionReason, decimal? CreditsGranted, string? AppealedCode);

public sealed record ClaimPageResponse(IEnumerable<ClaimResponse> Items, int TotalCount, int Page, int PageSize, int PageCount);

/// <summary>What every <c>/api/me/claims</c> handler gets: the caller's carbon account, as the sign-in's claim carries it.</summary>
public readonly record struct ClaimServices(ClaimsPrincipal User, ClaimService Claims, CancellationToken Cancellation)
{
    public long AccountId => CarbonClaimsPrincipalFactory.AccountIdOf(User)
        ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
}

/// <summary>A citizen's claims for a missing ride or event, and appeals, by cookie or bearer token; each sees only their own.</summary>
public static class ClaimsApi
{
    private static readonly Dictionary<string, ClaimKind> Kinds = new(StringComparer.Ordinal)
    {
        ["missing_ride"] = ClaimKind.MissingRide,
        ["missing_event"] = ClaimKind.MissingEvent,
        ["appeal"] = ClaimKind.Appeal,
    };

    public static IEndpointRouteBuilder MapClaimsApi(this IEndpointRouteBuilder endpoints)
    {
        var claims = endpoints.MapGroup("/api/me/claims").WithTags("Me").RequireAuthorization().RequireRateLimiting(RateLimits.CitizenPolicy)
            .Refuses(StatusCodes.Status401Unauthorized, "unauthorized")
            .Refuses(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
        claims.MapPost("", FileAsync)
            .WithSummary("Claim a missing ride or green act, or appeal a partner event")
            .WithDescription("Within the claim window after the act. An appeal names `partner` and `partnerEventId` of an event answered "
                + "`counted_elsewhere` or `daily_cap`, and takes that event's time. 201 when filed, 200 with the same claim for a repeated `requestId`.")
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, ErrorCodes.ClaimWindowClosed, ErrorCodes.UnknownBehaviour, ErrorCodes.InvalidEvent)
            .Refuses(StatusCodes.Status403Forbidden, ErrorCodes.AccountFrozen, ErrorCodes.AccountClosed)
            .Refuses(StatusCodes.Status404NotFound, ErrorCodes.NotFound, ErrorCodes.AccountNotFound)
            .Refuses(StatusCodes.Status409Conflict, ErrorCodes.RequestConflict, ErrorCodes.InvalidState);
        claims.MapGet("", ListAsync).WithSummary("The citizen's claims, newest first, with each decision and its reason")
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.BadPage);
        claims.MapGet("/{id:long}", GetAsync).WithSummary("One of the citizen's claims");
        return endpoints;
    }

    /// <summary>Files a claim: 201 with it, or 200 with the claim filed the first time for a retried request id.</summary>
    private static async Task<Results<Created<ClaimResponse>, Ok<ClaimResponse>>> FileAsync(ClaimRequest request, [AsParameters] ClaimServices me)
    {
        var kind = request.Kind is not null && Kinds.TryGetValue(request.Kind, out var known) ? known
            : throw new DomainException(ErrorCodes.BadRequest, $"The kind is one of {string.Join(", ", Kinds.Keys)}.");
        var draft = new ClaimDraft(kind, request.OccurredAt?.UtcDateTime, request.Place, request.Note, request.Behaviour, request.Partner, request.PartnerEventId);
        var filed = await me.Claims.FileAsync(me.AccountId, draft, request.RequestId ?? "", me.Cancellation);
        var response = ToResponse(filed.Claim);
        return filed.Replayed ? TypedResults.Ok(response) : TypedResults.Created($"/api/me/claims/{filed.Claim.Id}", response);
    }

    /// <summary>The caller's claims, newest first, with each decision's reason.</summary>
    private static async Task<Ok<ClaimPageResponse>> ListAsync([AsParameters] ClaimServices me, int page = 1, int pageSize = 20)
    {
        var claims = await me.Claims.ListMineAsync(me.AccountId, page, pageSize, me.Cancellation);
        return TypedResults.Ok(new ClaimPageResponse(claims.Items.Select(ToResponse), claims.TotalCount, claims.PageNumber, claims.PageSize, claims.PageCount));
    }

    private static async Task<Results<Ok<ClaimResponse>, NotFound>> GetAsync(long id, [AsParameters] ClaimServices me) =>
        await me.Claims.FindMineAsync(me.AccountId, id, me.Cancellation) is { } claim ? TypedResults.Ok(ToResponse(claim)) : TypedResults.NotFound();

    private static ClaimResponse ToResponse(ClaimView claim) => new(claim.Id, Kinds.Single(k => k.Value == claim.Kind).Key, claim.OccurredAtUtc,
        claim.Place, claim.Note, claim.BehaviourCode, claim.PartnerCode, claim.PartnerEventId, claim.SubmittedAtUtc, claim.Status.ToString().ToLowerInvariant(),
        claim.DecidedAtUtc, claim.DecisionReason, claim.Granted?.Value, claim.AppealedCode);
}
