using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Behaviours;

/// <summary>A green behaviour reported by a source: so many units, on a day, identified by the source's own event id.</summary>
public sealed record EarnRequest(
    long AccountId, string BehaviourCode, decimal Quantity, string Source, string ExternalEventId, DateTime OccurredAtUtc);

/// <summary>An earn checked and priced with the factors in effect on its day, ready to become a ledger entry.</summary>
public sealed record PricedEarn(EarnRequest Request, EarnFactors Factors)
{
    internal LedgerEntry ToEntry(DateTime recordedAtUtc, EarnContext? context = null) => LedgerEntry.Earn(Request.AccountId, Factors,
        Request.Quantity, Request.Source, Request.ExternalEventId, Request.OccurredAtUtc, recordedAtUtc, context);

    /// <summary>The same earn held as pending, until its source confirms or reverses it.</summary>
    internal LedgerEntry ToPendingEntry(DateTime recordedAtUtc) => LedgerEntry.Pending(Request.AccountId, Factors, Request.Quantity, Request.Source,
        Request.ExternalEventId, Request.OccurredAtUtc, recordedAtUtc);
}

/// <param name="Duplicate">True when the event had been recorded before; nothing new was written.</param>
public sealed record EarnResult(long EntryId, Credits Credits, CarbonMass Reduction, Credits Balance, bool Duplicate)
{
    internal static EarnResult From(AppendOutcome outcome) => outcome.Status == AppendStatus.Conflict
        ? throw new DomainException(ErrorCodes.EventConflict, "This event was already recorded for another account.")
        : new EarnResult(outcome.EntryId, outcome.Credits, outcome.Reduction, outcome.Balance, outcome.Status == AppendStatus.Twin);
}

/// <summary>
/// Turns reported behaviour into credits: checks the event, prices it with the methodology in effect on the China date
/// it happened, and appends it to the ledger. Recording the same event again answers with the first recording.
/// </summary>
public sealed class EarningService(
    CarbonDbContext db, LedgerService ledger, ReferenceDataCache referenceData, TimeProvider clock, IOptions<EarningOptions> options)
{
    public const decimal MaxQuantityPerEvent = 10_000m;
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public async Task<EarnResult> RecordAsync(EarnRequest request, CancellationToken ct = default)
    {
        var earn = await PriceAsync(request, ct);
        return EarnResult.From(await ledger.AppendAsync(earn.ToEntry(Now), ct));
    }

    /// <summary>
    /// Many reported behaviours at once (a partner's batch): each checked and priced, all appended in one transaction,
    /// with one outcome per request in its order; a twin or a conflict does not stop the rest.
    /// </summary>
    public Task<IReadOnlyList<AppendOutcome>> RecordAsync(IReadOnlyList<EarnRequest> requests, CancellationToken ct = default) =>
        AppendAsync(requests, withinClaimWindow: true, ct);

    /// <summary>
    /// The operator's own history (the demo world, an import from an earlier system), recorded like a partner's batch.
    /// The claim window is a limit on the times clients report, so it does not apply; every other check does.
    /// </summary>
    public Task<IReadOnlyList<AppendOutcome>> ImportHistoryAsync(IReadOnlyList<EarnRequest> requests, CancellationToken ct = default) =>
        AppendAsync(requests, withinClaimWindow: false, ct);

    /// <summary>
    /// Checks the event, whose time a client reported, and finds the factors in effect on the China date it happened:
    /// reads only, so a caller on a hot path does this before it takes the write lock.
    /// </summary>
    public Task<PricedEarn> PriceAsync(EarnRequest request, CancellationToken ct = default) => PriceAsync(request, withinClaimWindow: true, ct);

    private async Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<EarnRequest> requests, bool withinClaimWindow, CancellationToken ct)
    {
        var entries = new List<LedgerEntry>(requests.Count);
        foreach (var request in requests) entries.Add((await PriceAsync(request, withinClaimWindow, ct)).ToEntry(Now));
        return await ledger.AppendAsync(entries, ct);
    }

    private async Task<PricedEarn> PriceAsync(EarnRequest request, bool withinClaimWindow, CancellationToken ct)
    {
        Validate(request);
        if (withinClaimWindow) await RequireWithinClaimWindowAsync(request, ct);
        var behaviour = await BehaviourOnAsync(request.BehaviourCode, PlatformTime.ChinaDateOf(request.OccurredAtUtc), ct);
        return new PricedEarn(request, (behaviour
            ?? throw new DomainException(ErrorCodes.UnknownBehaviour, $"There is no green behaviour '{request.BehaviourCode}'.")).Factors);
    }

    /// <summary>The behaviour as the methodology has it on a China date (factors, cap, same-act window), cached; null for an unknown code.</summary>
    internal async Task<GreenBehaviour?> BehaviourOnAsync(string code, DateOnly day, CancellationToken ct) =>
        await referenceData.GetOrReadAsync((nameof(GreenBehaviour), code, day), () => db.BehaviourOnAsync(code, day, ct));

    /// <summary>How long after the act its credits can be claimed (<c>Earning:ClaimWindowDays</c>).</summary>
    public TimeSpan ClaimWindow => options.Value.ClaimWindow;

    /// <summary>How far ahead of the platform's clock a reported time may be (a partner's or a validator's clock drifts).</summary>
    public static TimeSpan FutureToleranceOfClocks => FutureTolerance;

    /// <summary>A quantity an event may carry: more than 0, at most <see cref="MaxQuantityPerEvent"/>, in hundredths.</summary>
    public static bool IsValidQuantity(decimal quantity) =>
        quantity > 0 && quantity <= MaxQuantityPerEvent && decimal.Round(quantity, 2) == quantity;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private void Validate(EarnRequest request)
    {
        DomainText.RequireId(request.Source, "source", LedgerEntry.MaxSourceLength);
        DomainText.RequireId(request.ExternalEventId, "external event id", LedgerEntry.MaxExternalEventIdLength);
        if (!IsValidQuantity(request.Quantity))
            throw new DomainException(ErrorCodes.InvalidQuantity,
                $"Quantity must be more than 0 and at most {MaxQuantityPerEvent:0}, with at most two decimals.");
        if (request.OccurredAtUtc.Kind != DateTimeKind.Utc)
            throw new DomainException(ErrorCodes.InvalidEvent, "The time of the behaviour must be given in UTC.");
        if (request.OccurredAtUtc > Now + FutureTolerance)
            throw new DomainException(ErrorCodes.InvalidEvent, "The behaviour cannot have happened in the future.");
    }

    /// <summary>
    /// An event older than the claim window is refused, unless it was recorded while it was still in it: a late retry
    /// is then answered with the first recording, as any retry is.
    /// </summary>
    private async Task RequireWithinClaimWindowAsync(EarnRequest request, CancellationToken ct)
    {
        var window = options.Value.ClaimWindow;
        if (request.OccurredAtUtc >= Now - window) return;
        if (await db.LedgerEntries.AnyAsync(e => e.Source == request.Source && e.ExternalEventId == request.ExternalEventId, ct)) return;
        throw new DomainException(ErrorCodes.TooOld,
            $"The behaviour happened more than {window.TotalDays:0} days ago, longer than credits can be claimed for.");
    }
}
