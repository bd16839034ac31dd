namespace CarbonHuitong.Core.Ledger;

public enum LedgerEntryKind
{
    Earn,
    Spend,
    Expire,
    Adjust,

    /// <summary>A coupon voided when its account closed: the credits it cost come back, to be forfeited with the rest.</summary>
    Void,

    /// <summary>What a closed account still held, given up so that it ends at zero.</summary>
    Forfeit,

    /// <summary>
    /// An earn a partner reported as pending (a takeaway order that can still be cancelled): its credits are held in
    /// <see cref="LedgerEntry.PendingHundredths"/>, not in the balance, and its grams count nowhere until an Earn
    /// confirms it. Settled once, by that Earn or by a Reverse.
    /// </summary>
    Pending,

    /// <summary>A pending earn the partner took back: the held credits leave the pending total; the balance never had them.</summary>
    Reverse,
}

/// <summary>What one unit of a behaviour avoids and earns, as the methodology priced it on the day it happened.</summary>
public sealed record EarnFactors(string BehaviourCode, BehaviourCategory Category, bool IsGreenTrip, long MilligramsPerUnit, long CreditHundredthsPerUnit)
{
    public Credits CreditsPerUnit => new(CreditHundredthsPerUnit);
    public CarbonMass ReductionPerUnit => new(MilligramsPerUnit);
}

/// <summary>Where an earn happened, as its source tells it: for a bus ride, the line and the coupon that paid the fare.</summary>
public sealed record EarnContext(string? LineId, long? CouponFaceValueFen);

/// <summary>
/// One line of a carbon account's append-only ledger. Nothing here is ever updated or deleted
/// (the database refuses it too); a correction is a new Adjust entry.
/// An Earn keeps the factors it used, so a later methodology change never rewrites history.
/// </summary>
public sealed class LedgerEntry
{
    public const int MaxSourceLength = 64;
    public const int MaxExternalEventIdLength = 128;
    public const int MaxDescriptionLength = 500;
    public const int MaxReferenceLength = 128;
    public const int MaxLineIdLength = 64;

    private LedgerEntry() { }

    public long Id { get; private set; }
    public long AccountId { get; private set; }
    public LedgerEntryKind Kind { get; private set; }

    /// <summary>Signed: positive for Earn and Void, negative for Spend, Expire and Forfeit, either for Adjust, zero for Pending and Reverse.</summary>
    public long CreditHundredths { get; private set; }

    /// <summary>
    /// Credits held, not spendable: positive for a Pending entry, the same amount negative on the entry that settles it
    /// (an Earn that confirms it or a Reverse), zero otherwise. An account's pending total is the sum of this column.
    /// </summary>
    public long PendingHundredths { get; private set; }

    /// <summary>For the Earn that confirms a pending earn, or the Reverse that takes it back: the Pending entry. Unique: a pending earn is settled once.</summary>
    public long? SettlesEntryId { get; private set; }
    public long BalanceAfterHundredths { get; private set; }
    public long Milligrams { get; private set; }

    public string? BehaviourCode { get; private set; }
    public BehaviourCategory? Category { get; private set; }
    public decimal? Quantity { get; private set; }
    public long? MilligramsPerUnit { get; private set; }
    public long? CreditHundredthsPerUnit { get; private set; }
    public bool IsGreenTrip { get; private set; }

    /// <summary>For an earn at a validator: the line. The history shows it without reaching into the rides.</summary>
    public string? LineId { get; private set; }

    /// <summary>For a ride: the face value of the coupon that paid its fare, if one did.</summary>
    public long? CouponFaceValueFen { get; private set; }

    public string? Source { get; private set; }
    public string? ExternalEventId { get; private set; }

    /// <summary>What a Spend bought, or why an Adjust or Expire was made.</summary>
    public string? Description { get; private set; }
    public string? Reference { get; private set; }
    public string? ActorUserId { get; private set; }

    public DateTime OccurredAt { get; private set; }
    public DateTime RecordedAt { get; private set; }

    public Credits Credits => new(CreditHundredths);

    internal static LedgerEntry Earn(long accountId, EarnFactors factors, decimal quantity, string source, string externalEventId,
        DateTime occurredAtUtc, DateTime recordedAtUtc, EarnContext? context = null)
    {
        var earn = Priced(accountId, factors, quantity, source, occurredAtUtc, recordedAtUtc, context);
        earn.ExternalEventId = DomainText.RequireId(externalEventId, "external event id", MaxExternalEventIdLength);
        return earn;
    }

    private static LedgerEntry Priced(long accountId, EarnFactors factors, decimal quantity, string source, DateTime occurredAtUtc,
        DateTime recordedAtUtc, EarnContext? context = null) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Earn,
        BehaviourCode = factors.BehaviourCode,
        Category = factors.Category,
        Quantity = quantity,
        MilligramsPerUnit = factors.MilligramsPerUnit,
        CreditHundredthsPerUnit = factors.CreditHundredthsPerUnit,
        CreditHundredths = Credits.RoundFrom(quantity * factors.CreditsPerUnit.Value).Hundredths,
        Milligrams = CarbonMass.FromGrams(quantity * factors.ReductionPerUnit.Grams).Milligrams,
        IsGreenTrip = factors.IsGreenTrip,
        LineId = DomainText.Optional(context?.LineId, "line", MaxLineIdLength),
        CouponFaceValueFen = context?.CouponFaceValueFen,
        Source = DomainText.RequireId(source, "source", MaxSourceLength),
        OccurredAt = occurredAtUtc,
        RecordedAt = recordedAtUtc,
    };

    /// <summary>The grams an earn of this quantity counts, as <see cref="Earn"/> rounds them: what a pending earn will count once confirmed.</summary>
    public static long MilligramsFor(decimal quantity, long milligramsPerUnit) =>
        CarbonMass.FromGrams(quantity * new CarbonMass(milligramsPerUnit).Grams).Milligrams;

    /// <summary>An earn held until its partner confirms it: priced now, counted (credits and grams) only by the Earn that confirms it.</summary>
    internal static LedgerEntry Pending(long accountId, EarnFactors factors, decimal quantity, string source, string externalEventId,
        DateTime occurredAtUtc, DateTime recordedAtUtc)
    {
        var earn = Earn(accountId, factors, quantity, source, externalEventId, occurredAtUtc, recordedAtUtc);
        earn.Kind = LedgerEntryKind.Pending;
        earn.PendingHundredths = earn.CreditHundredths;
        earn.CreditHundredths = 0;
        earn.Milligrams = 0;
        return earn;
    }

    /// <summary>
    /// The Earn that makes a pending earn's credits spendable and counts its grams, on the day the act happened (so the
    /// rollups put it where the act was). Its event id stays on the Pending entry; <see cref="SettlesEntryId"/> points there.
    /// </summary>
    internal static LedgerEntry ConfirmationOf(LedgerEntry pending, DateTime nowUtc)
    {
        RequirePending(pending);
        var factors = new EarnFactors(pending.BehaviourCode!, pending.Category!.Value, pending.IsGreenTrip, pending.MilligramsPerUnit!.Value,
            pending.CreditHundredthsPerUnit!.Value);
        var confirmed = Priced(pending.AccountId, factors, pending.Quantity!.Value, pending.Source!, pending.OccurredAt, nowUtc);
        confirmed.Reference = pending.ExternalEventId;
        confirmed.CreditHundredths = pending.PendingHundredths;
        confirmed.PendingHundredths = -pending.PendingHundredths;
        confirmed.SettlesEntryId = pending.Id;
        return confirmed;
    }

    /// <summary>A pending earn taken back by its partner: the held credits leave the pending total, and nothing else moves.</summary>
    internal static LedgerEntry ReversalOf(LedgerEntry pending, string reason, DateTime nowUtc)
    {
        RequirePending(pending);
        return new LedgerEntry
        {
            AccountId = pending.AccountId,
            Kind = LedgerEntryKind.Reverse,
            PendingHundredths = -pending.PendingHundredths,
            SettlesEntryId = pending.Id,
            BehaviourCode = pending.BehaviourCode,
            Category = pending.Category,
            Quantity = pending.Quantity,
            Source = pending.Source,
            Reference = pending.ExternalEventId,
            Description = DomainText.Require(reason, "reason", MaxDescriptionLength),
            OccurredAt = nowUtc,
            RecordedAt = nowUtc,
        };
    }

    private static void RequirePending(LedgerEntry entry)
    {
        if (entry.Kind != LedgerEntryKind.Pending || entry.Id == 0)
            throw new InvalidOperationException($"Only a recorded Pending entry is settled; #{entry.Id} is {entry.Kind}.");
    }

    internal static LedgerEntry Spend(long accountId, Credits price, string description, string? reference, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Spend,
        CreditHundredths = price > Credits.Zero ? -price.Hundredths : throw new DomainException(ErrorCodes.InvalidAmount, "A spend must be more than zero credits."),
        Description = DomainText.Require(description, "description", MaxDescriptionLength),
        Reference = reference is null ? null : DomainText.RequireId(reference, "reference", MaxReferenceLength),
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    internal static LedgerEntry Expire(long accountId, Credits amount, string reason, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Expire,
        CreditHundredths = amount > Credits.Zero ? -amount.Hundredths : throw new DomainException(ErrorCodes.InvalidAmount, "An expiry must be more than zero credits."),
        Description = DomainText.Require(reason, "reason", MaxDescriptionLength),
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    /// <summary>
    /// What the expiry policy takes at a cutoff from the credits earned up to a year: dated the last second before the
    /// cutoff (23:59:59 China time on 31 December; PostgreSQL keeps microseconds, not ticks), so it falls in the period it closes, with a key (source <see cref="CreditExpiry.Source"/>, event
    /// "&lt;year&gt;/&lt;account&gt;") that refuses a second expiry of the same credits.
    /// </summary>
    internal static LedgerEntry ExpireEarnedThrough(long accountId, int earnedThroughYear, Credits amount, DateTime cutoffUtc, DateTime nowUtc)
    {
        var entry = Expire(accountId, amount, $"Credits earned through {earnedThroughYear} expired", cutoffUtc.AddSeconds(-1));
        entry.Source = CreditExpiry.Source;
        entry.ExternalEventId = CreditExpiry.EventIdFor(earnedThroughYear, accountId);
        entry.Reference = earnedThroughYear.ToString(System.Globalization.CultureInfo.InvariantCulture);
        entry.RecordedAt = nowUtc;
        return entry;
    }

    internal static LedgerEntry Adjust(long accountId, Credits delta, string reason, string actorUserId, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Adjust,
        CreditHundredths = delta != Credits.Zero ? delta.Hundredths : throw new DomainException(ErrorCodes.InvalidAmount, "An adjustment must change the balance."),
        Description = DomainText.Require(reason, "reason", MaxDescriptionLength),
        ActorUserId = actorUserId,
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    /// <summary>A coupon voided at account closure: its price back, one entry per coupon (the event id makes a retry a twin).</summary>
    internal static LedgerEntry VoidCoupon(long accountId, Credits price, string couponCode, string source, string externalEventId, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Void,
        CreditHundredths = price > Credits.Zero ? price.Hundredths : throw new DomainException(ErrorCodes.InvalidAmount, "A voided coupon gives back more than zero credits."),
        Description = "Coupon voided: account closed",
        Reference = DomainText.RequireId(couponCode, "reference", MaxReferenceLength),
        Source = DomainText.RequireId(source, "source", MaxSourceLength),
        ExternalEventId = DomainText.RequireId(externalEventId, "external event id", MaxExternalEventIdLength),
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    /// <summary>The balance a closing account gives up, so that it ends at zero.</summary>
    internal static LedgerEntry Forfeit(long accountId, Credits balance, string source, string externalEventId, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Forfeit,
        CreditHundredths = balance > Credits.Zero ? -balance.Hundredths : throw new DomainException(ErrorCodes.InvalidAmount, "A forfeit must be more than zero credits."),
        Description = "Balance forfeited: account closed",
        Source = DomainText.RequireId(source, "source", MaxSourceLength),
        ExternalEventId = DomainText.RequireId(externalEventId, "external event id", MaxExternalEventIdLength),
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    internal void SetBalanceAfter(long balanceHundredths) => BalanceAfterHundredths = balanceHundredths;

    /// <summary>The id a set-based insert took for this entry before writing it.</summary>
    internal void Identify(long id) => Id = id;
}
