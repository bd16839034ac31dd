using System.Security.Claims;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

public sealed record LinkCodeRequest(string? PartnerCode);

/// <param name="LinkCode">The one-time code to give the partner ("ABCD-EFGH"); it works once, until <paramref name="ExpiresAt"/>.</param>
public sealed record LinkCodeResponse(string PartnerCode, string LinkCode, DateTime ExpiresAt);

/// <param name="Events">Events of this partner credited to the citizen so far (the ledger keeps them after a revocation).</param>
/// <param name="EventsDeletedAt">When the raw events the partner sent were deleted at the citizen's request.</param>
public sealed record PartnerLinkItem(
    string PartnerCode, string PartnerNameZh, string PartnerNameEn, string PartnerUserId, DateTime LinkedAt, DateTime? RevokedAt,
    DateTime? EventsDeletedAt, int Events, decimal Credits, decimal Grams);

/// <param name="EventsDeleted">How many raw events were deleted (0 unless asked for); the ledger's entries stay.</param>
public sealed record LinkRevocationResponse(string PartnerCode, DateTime RevokedAt, int EventsDeleted);

/// <summary>The citizen's consent to partner platforms ("My scenarios"): a one-time link code, the links, and revoking one.</summary>
public static class ScenariosApi
{
    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder endpoints)
    {
        var links = endpoints.MapGroup("/api/me/partner-links").WithTags("Me").RequireAuthorization().RequireRateLimiting(RateLimits.CitizenPolicy)
            .Refuses(StatusCodes.Status401Unauthorized, "unauthorized")
            .Refuses(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
        links.MapPost("", IssueCodeAsync)
            .WithSummary("Get a one-time code to link a partner platform")
            .Refuses(StatusCodes.Status404NotFound, ErrorCodes.NotFound, ErrorCodes.AccountNotFound)
            .Refuses(StatusCodes.Status403Forbidden, ErrorCodes.AccountClosed)
            .Refuses(StatusCodes.Status409Conflict, ErrorCodes.AlreadyLinked);
        links.MapGet("", ListAsync).WithSummary("The citizen's partner links and what each brought in");
        links.MapDelete("/{partnerCode}", RevokeAsync)
            .WithSummary("Revoke a partner link, optionally deleting the raw events it sent")
            .Refuses(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
        return endpoints;
    }

    private static async Task<Created<LinkCodeResponse>> IssueCodeAsync(LinkCodeRequest request, ClaimsPrincipal user, PartnerLinks links,
        CancellationToken ct)
    {
        var issued = await links.IssueCodeAsync(AccountIdOf(user), request.PartnerCode, ct);
        return TypedResults.Created("/api/me/partner-links", new LinkCodeResponse(issued.PartnerCode, issued.LinkCode, issued.ExpiresAt));
    }

    private static async Task<Ok<IReadOnlyList<PartnerLinkItem>>> ListAsync(ClaimsPrincipal user, PartnerLinks links, PartnerQueries partners,
        CancellationToken ct)
    {
        var mine = await links.ListAsync(AccountIdOf(user), ct);
        var names = (await partners.GetNamesAsync(ct)).ByCode;
        return TypedResults.Ok<IReadOnlyList<PartnerLinkItem>>(mine.Select(l =>
        {
            var (zh, en) = names.GetValueOrDefault(l.PartnerCode, ("", ""));
            return new PartnerLinkItem(l.PartnerCode, zh, en, l.PartnerUserId, l.LinkedAt, l.RevokedAt, l.EventsDeletedAt, l.Events,
                l.Credits.Value, l.Reduction.Grams);
        }).ToList());
    }

    /// <summary>Withdraws consent; with <paramref name="deleteEvents"/>, the raw events the partner sent are deleted too (PIPL).</summary>
    private static async Task<Ok<LinkRevocationResponse>> RevokeAsync(string partnerCode, ClaimsPrincipal user, PartnerLinks links,
        CancellationToken ct, bool deleteEvents = false)
    {
        var revoked = await links.RevokeAsync(AccountIdOf(user), partnerCode, deleteEvents, ct);
        return TypedResults.Ok(new LinkRevocationResponse(revoked.PartnerCode, revoked.RevokedAt, revoked.EventsDeleted));
    }

    private static long AccountIdOf(ClaimsPrincipal user) => CarbonClaimsPrincipalFactory.AccountIdOf(user)
        ?? throw new DomainException(ErrorCodes.AccountNotFound, "You have no carbon account.");
}
