using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Web.Hardening;
using CarbonHuitong.Web.Partners;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarbonHuitong.Web.Api;

/// <param name="Quantity">In the behaviour's unit: km, rides, orders, steps.</param>
/// <param name="OccurredAt">ISO 8601 with an offset, such as <c>2026-12-01T08:30:00+08:00</c>; one without an offset is read as UTC.</param>
/// <param name="Pending">True when the act can still be cancelled (a takeaway order): its credits are held, not spendable, until you confirm
/// or reverse the event, or your pending window passes and the platform confirms it.</param>
public sealed record PartnerEventRequest(string? EventId, string? PartnerUserId, string? BehaviourCode, decimal? Quantity, DateTime? OccurredAt,
    bool? Pending = null);

/// <param name="Events">At most <see cref="PartnerFeed.MaxEventsPerCall"/>; each is answered on its own, in order.</param>
public sealed record PartnerEventsRequest(IReadOnlyList<PartnerEventRequest?> Events);

/// <param name="Status"><c>accepted</c>, <c>duplicate</c> (the same event id again: the first answer's credits, nothing written) or <c>refused</c>.</param>
/// <param name="Code">Why it was refused, or <c>daily_cap</c> on an event accepted only up to the cap.</param>
/// <param name="Credits">What the event earned; for a duplicate, what its first sending earned. Absent when nothing was earned.</param>
/// <param name="Grams">The CO₂e reduction credited, in grams; absent when nothing was credited.</param>
/// <param name="Pending">True on an event accepted as pending (or a duplicate of one): <c>credits</c> and <c>grams</c> are what it earns
/// once confirmed; until then they are held. Absent otherwise.</param>
public sealed record PartnerEventResponse(
    string? EventId,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Credits,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? Grams,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Pending = null);

public sealed record PartnerEventsResponse(IReadOnlyList<PartnerEventResponse> Results);

/// <param name="EventIds">Your ids of events you sent as pending: 1 to <see cref="PendingCredits.MaxEventsPerCall"/>, each answered on its own, in order.</param>
public sealed record PartnerSettlementRequest(IReadOnlyList<string?> EventIds);

/// <param name="Status">What became of the event; see the settlement statuses in the introduction.</param>
/// <param name="Credits">The event's credits: made spendable, taken back, or still held; 0 for an unknown event.</param>
public sealed record PartnerSettlementResponse(string EventId, string Status, decimal Credits);

public sealed record PartnerSettlementsResponse(IReadOnlyList<PartnerSettlementResponse> Results);

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
        partners.MapPost("/events/confirmations", ConfirmAsync).WithName("ConfirmPendingEvents")
            .WithSummary("Confirm events you sent as pending: their credits become spendable")
            .WithDescription($"At most {PendingCredits.MaxEventsPerCall:#,0} event ids. Idempotent: a repeat answers `confirmed` again. " +
                "Each id is answered in order with a settlement status (see the introduction): `confirmed`, `already_reversed`, `not_pending`, " +
                "`unknown_event` or `account_frozen` (the confirmation waits until the freeze is lifted; send it again later).")
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.TooManyEvents);
        partners.MapPost("/events/reversals", ReverseAsync).WithName("ReversePendingEvents")
            .WithSummary("Reverse events you sent as pending (an order cancelled): their held credits are taken back")
            .WithDescription($"At most {PendingCredits.MaxEventsPerCall:#,0} event ids. Idempotent: a repeat answers `reversed` again. " +
                "Each id is answered in order with a settlement status (see the introduction): `reversed`, `already_confirmed` (a confirmed event " +
                "is no longer yours to reverse; ask the platform's administrators for a correction), `not_pending` or `unknown_event`.")
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
            : new PartnerEventInput(e.EventId, e.PartnerUserId, e.BehaviourCode, e.Quantity, e.OccurredAt, e.Pending ?? false)).ToList();
        var results = await feed.IngestAsync(PartnerSignatureAuthentication.IdentityOf(user), inputs, ct);
        return TypedResults.Ok(new PartnerEventsResponse(results.Select(r => new PartnerEventResponse(
            r.EventId, StatusName(r.Status), r.Code, r.Credits?.Value, r.Reduction?.Grams, r.Pending ? true : null)).ToList()));
    }

    private static async Task<Ok<PartnerSettlementsResponse>> ConfirmAsync(PartnerSettlementRequest request, ClaimsPrincipal user,
        PartnerSettlements settlements, CancellationToken ct) =>
        Answer(await settlements.ConfirmAsync(PartnerSignatureAuthentication.IdentityOf(user), EventIdsOf(request), ct));

    private static async Task<Ok<PartnerSettlementsResponse>> ReverseAsync(PartnerSettlementRequest request, ClaimsPrincipal user,
        PartnerSettlements settlements, CancellationToken ct) =>
        Answer(await settlements.ReverseAsync(PartnerSignatureAuthentication.IdentityOf(user), EventIdsOf(request), ct));

    /// <summary>The ids as sent; an empty list is refused here (Core answers it with nothing), too many or blank ones by Core.</summary>
    private static IReadOnlyList<string> EventIdsOf(PartnerSettlementRequest request) => request.EventIds.Count == 0
        ? throw new DomainException(ErrorCodes.BadRequest, $"Give 1 to {PendingCredits.MaxEventsPerCall:#,0} event ids.")
        : request.EventIds.Select(id => id ?? "").ToList();

    private static Ok<PartnerSettlementsResponse> Answer(IReadOnlyList<Settlement> settled) => TypedResults.Ok(new PartnerSettlementsResponse(
        settled.Select(s => new PartnerSettlementResponse(s.EventId, SettlementName(s.Outcome), s.Credits.Value)).ToList()));

    /// <summary>Each outcome's name on the wire: <c>already_confirmed</c> for <see cref="SettlementOutcome.AlreadyConfirmed"/>.</summary>
    public static string SettlementName(SettlementOutcome outcome) => JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());

    /// <summary>What each settlement status means, in English and Chinese; every <see cref="SettlementOutcome"/>.</summary>
    public static IReadOnlyDictionary<SettlementOutcome, (string En, string Zh)> SettlementStatuses { get; } = new Dictionary<SettlementOutcome, (string, string)>
    {
        [SettlementOutcome.Confirmed] = ("Confirmed: the credits are now spendable (also the answer to a repeated confirmation).",
            "已确认：积分现可使用（重复确认也如此应答）。"),
        [SettlementOutcome.Reversed] = ("Reversed: the held credits are taken back and the act's CO₂e is not counted (also the answer to a repeated reversal).",
            "已撤销：暂存的积分被收回，该行为的减排量不计入（重复撤销也如此应答）。"),
        [SettlementOutcome.AlreadyConfirmed] = ("A reversal of an event already confirmed (by you or, after your pending window, by the platform): refused. " +
            "Only the platform's administrators can correct it, with an audited adjustment.",
            "对已确认事件的撤销（由贵方确认，或超过待确认期限后由平台确认）：拒绝。只有平台管理员可通过留痕的调整更正。"),
        [SettlementOutcome.AlreadyReversed] = ("A confirmation of an event already reversed: refused.", "对已撤销事件的确认：拒绝。"),
        [SettlementOutcome.NotPending] = ("The event was credited outright, not sent as pending: there is nothing to settle.",
            "该事件已直接计入，并非以待确认方式上报：无需处理。"),
        [SettlementOutcome.UnknownEvent] = ("No event of yours with this id was credited: it was never sent, or it was refused.",
            "贵方没有以该 ID 计入的事件：从未上报，或已被拒绝。"),
        [SettlementOutcome.AccountFrozen] = ("The citizen's account is frozen: the confirmation waits until the freeze is lifted; send it again later.",
            "市民账户已被冻结：确认需待解冻后进行，请稍后重发。"),
    };

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
