using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Serialization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Web.Hardening;
using CarbonHuitong.Web.Partners;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="Quantity">In the behaviour's unit: km, rides, orders, steps.</param>
/// <param name="OccurredAt">ISO 8601 with an offset, such as <c>2026-12-01T08:30:00+08:00</c>; one without an offset is read as UTC.</param>
public sealed record PartnerEventRequest(string? EventId, string? PartnerUserId, string? BehaviourCode, decimal? Quantity, DateTime? OccurredAt);

/// <param name="Events">At most <see cref="PartnerFeed.MaxEventsPerCall"/>; each is answered on its own, in order.</param>
public sealed record PartnerEventsRequest(IReadOnlyList<PartnerEventRequest?> Events);

/// <param name="Status"><c>accepted</c>, <c>duplicate</c> (the same event id again: the first answer's credits, nothing written) or <c>refused</c>.</param>
/// <param name="Code">Why it was refused, or <c>daily_cap</c> on an event accepted only up to the cap.</param>
/// <param name="Credits">What the event earned; for a duplicate, what its first sending earned. Absent when nothing was earned.</param>
/// <param name="Grams">The CO₂e reduction credited, in grams; absent when nothing was credited.</param>
public sealed record PartnerEventResponse(
    string? EventId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Credits,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Grams);

public sealed record PartnerEventsResponse(IReadOnlyList<PartnerEventResponse> Results);

/// <param name="LinkCode">The code the citizen was given ("ABCD-EFGH"; case, spaces and the dash do not matter).</param>
/// <param name="PartnerUserId">The partner's own id for its user; events for it are then the citizen's.</param>
public sealed record PartnerLinkRequest(string? LinkCode, string? PartnerUserId);

public sealed record PartnerLinkResponse(string PartnerUserId, bool Linked);

/// <summary>
/// The partner platforms' API. Every call is signed (<see cref="PartnerSignatureAuthentication"/>), and the partner
/// is the one whose secret signed it; calls are limited per partner.
/// </summary>
public static class PartnerApi
{
    public static IEndpointRouteBuilder MapPartnerApi(this IEndpointRouteBuilder endpoints)
    {
        var partners = endpoints.MapGroup("/api/partners").WithTags("Partners")
            .RequirePartnerSignature().RequireRateLimiting(RateLimits.PartnerPolicy).RefuseNullRequiredFields()
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest)
            .Refuses(StatusCodes.Status401Unauthorized, ErrorCodes.InvalidSignature, ErrorCodes.UnknownPartner)
            .Refuses(StatusCodes.Status413PayloadTooLarge, "payload_too_large")
            .Refuses(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
        partners.MapPost("/events", IngestAsync).WithName("SendPartnerEvents")
            .WithSummary("Send a batch of green behaviour events")
            .WithDescription($"At most {PartnerFeed.MaxEventsPerCall:#,0} events. Each is answered in order; see the event result codes in the introduction.")
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.TooManyEvents);
        partners.MapPost("/links", LinkAsync).WithName("RedeemLinkCode")
            .WithSummary("Redeem a citizen's link code for one of your users")
            .WithDescription("201 when this call made the link, 200 when it repeats one already made with the same code for the same user.")
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.InvalidLinkCode)
            .Refuses(StatusCodes.Status409Conflict, ErrorCodes.AlreadyLinked);
        partners.MapGet("/reconciliation", ReconcileAsync).WithName("GetReconciliation")
            .WithSummary("Your events of one China day, as CSV")
            .WithDescription("Signed over an empty body. Columns: eventId,status,code,credits,grams; events whose occurredAt falls on `date` (China time).")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        return endpoints;
    }

    private static async Task<Ok<PartnerEventsResponse>> IngestAsync(PartnerEventsRequest request, ClaimsPrincipal user, PartnerFeed feed,
        CancellationToken ct)
    {
        var inputs = request.Events.Select(e => e is null
            ? new PartnerEventInput(null, null, null, null, null)
            : new PartnerEventInput(e.EventId, e.PartnerUserId, e.BehaviourCode, e.Quantity, e.OccurredAt)).ToList();
        var results = await feed.IngestAsync(PartnerSignatureAuthentication.IdentityOf(user), inputs, ct);
        return TypedResults.Ok(new PartnerEventsResponse(results.Select(r => new PartnerEventResponse(
            r.EventId, StatusName(r.Status), r.Code, r.Credits?.Value, r.Reduction?.Grams)).ToList()));
    }

    /// <summary>201 when this call made the link; 200 when it repeats one already made with the same code for the same user.</summary>
    private static async Task<Results<Created<PartnerLinkResponse>, Ok<PartnerLinkResponse>>> LinkAsync(PartnerLinkRequest request,
        ClaimsPrincipal user, PartnerLinks links, CancellationToken ct)
    {
        var redeemed = await links.RedeemAsync(PartnerSignatureAuthentication.IdentityOf(user), request.LinkCode, request.PartnerUserId, ct);
        var answer = new PartnerLinkResponse(redeemed.PartnerUserId, Linked: true);
        return redeemed.Created ? TypedResults.Created((string?)null, answer) : TypedResults.Ok(answer);
    }

    /// <summary>The partner's events whose time falls on <paramref name="date"/> (a China day), as CSV: its nightly check against ours.</summary>
    private static async Task<IResult> ReconcileAsync(DateOnly date, ClaimsPrincipal user, PartnerQueries queries, CancellationToken ct)
    {
        var rows = await queries.ReconcileAsync(PartnerSignatureAuthentication.IdentityOf(user), date, ct);
        await using var writer = new StringWriter(CultureInfo.InvariantCulture);
        await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            await csv.WriteRecordsAsync(rows.Select(r => new ReconciliationLine(r.EventId, StatusName(r.Status), r.Code, r.Credits.Value, r.Reduction.Grams)), ct);
        return TypedResults.Text(writer.ToString(), "text/csv; charset=utf-8");
    }

    public static string StatusName(PartnerEventStatus status) => status.ToString().ToLowerInvariant();

    // The CSV's columns, named as the JSON answer names them.
    private sealed record ReconciliationLine(
        [property: CsvHelper.Configuration.Attributes.Name("eventId")] string EventId,
        [property: CsvHelper.Configuration.Attributes.Name("status")] string Status,
        [property: CsvHelper.Configuration.Attributes.Name("code")] string? Code,
        [property: CsvHelper.Configuration.Attributes.Name("credits")] decimal Credits,
        [property: CsvHelper.Configuration.Attributes.Name("grams")] decimal Grams);
}
