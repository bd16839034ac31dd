using CarbonHuitong.Core.Behaviours;
namespace CarbonHuitong.Core.Ledger;

public enum LedgerEntryKind
{
    Earn,
    Spend,
    Expire,
    Adjust,
}

/// <summary>
/// One line of a carbon account's append-only ledger. Nothing here is ever updated or deleted
/// (the database refuses it too); a correction is a new Adjust entry.
/// An Earn keeps the factors it used, so a later methodology change never rewrites history.
/// </summary>
public sealed class LedgerEntry
{
    private LedgerEntry() { }

    public long Id { get; private set; }
    public long AccountId { get; private set; }
    public LedgerEntryKind Kind { get; private set; }

    /// <summary>Signed: positive for Earn, negative for Spend and Expire, either for Adjust.</summary>
    public long CreditHundredths { get; private set; }
    public long BalanceAfterHundredths { get; private set; }
    public long Milligrams { get; private set; }

    public string? BehaviourCode { get; private set; }
    public BehaviourCategory? Category { get; private set; }
    public decimal? Quantity { get; private set; }
    public long? MilligramsPerUnit { get; private set; }
    public long? CreditHundredthsPerUnit { get; private set; }
    public bool IsGreenTrip { get; private set; }

    public string? Source { get; private set; }
    public string? ExternalEventId { get; private set; }

    /// <summary>What a Spend bought, or why an Adjust or Expire was made.</summary>
    public string? Description { get; private set; }
    public string? Reference { get; private set; }
    public string? ActorUserId { get; private set; }

    public DateTime OccurredAt { get; private set; }
    public DateTime RecordedAt { get; private set; }

    public Credits Credits => new(CreditHundredths);

    internal static LedgerEntry Earn(long accountId, GreenBehaviour behaviour, decimal quantity,
        string source, string externalEventId, DateTime occurredAtUtc, DateTime recordedAtUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Earn,
        BehaviourCode = behaviour.Code,
        Category = behaviour.Category,
        Quantity = quantity,
        MilligramsPerUnit = behaviour.MilligramsPerUnit,
        CreditHundredthsPerUnit = behaviour.CreditHundredthsPerUnit,
        CreditHundredths = Credits.RoundFrom(quantity * behaviour.CreditsPerUnit.Value).Hundredths,
        Milligrams = CarbonMass.FromGrams(quantity * behaviour.ReductionPerUnit.Grams).Milligrams,
        IsGreenTrip = behaviour.IsGreenTrip,
        Source = source,
        ExternalEventId = externalEventId,
        OccurredAt = occurredAtUtc,
        RecordedAt = recordedAtUtc,
    };

    internal static LedgerEntry Spend(long accountId, Credits price, string description, string? reference, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Spend,
        CreditHundredths = -price.Hundredths,
        Description = description,
        Reference = reference,
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    internal static LedgerEntry Expire(long accountId, Credits amount, string reason, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Expire,
        CreditHundredths = -amount.Hundredths,
        Description = reason,
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    internal static LedgerEntry Adjust(long accountId, Credits delta, string reason, string actorUserId, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = LedgerEntryKind.Adjust,
        CreditHundredths = delta.Hundredths,
        Description = reason,
        ActorUserId = actorUserId,
        OccurredAt = nowUtc,
        RecordedAt = nowUtc,
    };

    internal void SetBalanceAfter(long balanceHundredths) => BalanceAfterHundredths = balanceHundredths;
}
