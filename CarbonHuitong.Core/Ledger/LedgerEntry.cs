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

    /// <summary>Signed: positive for Earn and Void, negative for Spend, Expire and Forfeit, either for Adjust.</summary>
    public long CreditHundredths { get; private set; }
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
        DateTime occurredAtUtc, DateTime recordedAtUtc, EarnContext? context = null) => new()
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
        ExternalEventId = DomainText.RequireId(externalEventId, "external event id", MaxExternalEventIdLength),
        OccurredAt = occurredAtUtc,
        RecordedAt = recordedAtUtc,
    };

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
}
