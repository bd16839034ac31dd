namespace CarbonHuitong.Core.Behaviours.Partners;

public enum PartnerEventStatus
{
    Accepted,
    Duplicate,
    Refused,
}

/// <summary>The refusal codes of a partner's event, in the order the checks run; the first that fails is the answer.</summary>
public static class PartnerEventCodes
{
    public const string BadEvent = "bad_event";
    public const string NotLinked = "not_linked";
    public const string ConsentRevoked = "consent_revoked";
    public const string BehaviourNotAllowed = "behaviour_not_allowed";
    public const string TooOld = "too_old";
    public const string InFuture = "in_future";
    public const string BadQuantity = "bad_quantity";
    public const string DailyCap = "daily_cap";
    public const string CountedElsewhere = "counted_elsewhere";

    /// <summary>The citizen's account is frozen by an administrator: it earns nothing until the freeze is lifted.</summary>
    public const string AccountFrozen = "account_frozen";

    public static readonly IReadOnlyList<string> All =
        [BadEvent, NotLinked, ConsentRevoked, AccountFrozen, BehaviourNotAllowed, TooOld, InFuture, BadQuantity, DailyCap, CountedElsewhere];
}

/// <summary>
/// One event a partner sent, as sent, with what the platform answered: the raw data the partner holds us to
/// (reconciliation), kept for <c>Retention:PartnerEventDays</c> or until the citizen asks for it to be deleted. The
/// credits themselves live in the ledger, whose entries stay. (partner, event id) is unique: a resend is a duplicate.
/// </summary>
public sealed class PartnerEvent
{
    public const int MaxEventIdLength = Ledger.LedgerEntry.MaxExternalEventIdLength;
    public const int MaxBehaviourCodeLength = 64;

    private PartnerEvent() { }

    public long Id { get; private set; }
    public string PartnerCode { get; private set; } = "";
    public string EventId { get; private set; } = "";
    public string PartnerUserId { get; private set; } = "";
    public string BehaviourCode { get; private set; } = "";
    public decimal Quantity { get; private set; }
    public DateTime OccurredAt { get; private set; }
    public DateTime ReceivedAt { get; private set; }

    /// <summary>Accepted or Refused (a duplicate writes no row).</summary>
    public PartnerEventStatus Status { get; private set; }

    /// <summary>The refusal, or <c>daily_cap</c> on an event accepted only up to the cap.</summary>
    public string? Code { get; private set; }
    public long CreditHundredths { get; private set; }
    public long Milligrams { get; private set; }

    /// <summary>Sent as pending: its credits wait, in a Pending entry, for the partner's confirmation or reversal.</summary>
    public bool Pending { get; private set; }

    /// <summary>The citizen's account, when the event was linked to one.</summary>
    public long? AccountId { get; private set; }

    /// <summary>The entry that credited it, or for <c>counted_elsewhere</c> the entry that had already counted the act.</summary>
    public long? LedgerEntryId { get; private set; }

    /// <param name="occurredAtUtc">The event's time as the feed read it, in UTC (a partner may send any offset).</param>
    internal static PartnerEvent Record(string partnerCode, PartnerEventInput input, DateTime occurredAtUtc, DateTime receivedAtUtc, PartnerEventStatus status,
        string? code, long creditHundredths, long milligrams, long? accountId, long? ledgerEntryId, bool pending = false) => new()
    {
        PartnerCode = partnerCode,
        EventId = input.EventId!,
        PartnerUserId = Clip(input.PartnerUserId, PartnerLink.MaxPartnerUserIdLength),
        BehaviourCode = Clip(input.BehaviourCode, MaxBehaviourCodeLength),
        Quantity = input.Quantity is { } q && Math.Abs(q) < 1_000_000_000_000m ? decimal.Round(q, 6) : 0,
        OccurredAt = occurredAtUtc,
        ReceivedAt = receivedAtUtc,
        Status = status,
        Code = code,
        CreditHundredths = creditHundredths,
        Milligrams = milligrams,
        AccountId = accountId,
        LedgerEntryId = ledgerEntryId,
        Pending = pending && status == PartnerEventStatus.Accepted,
    };

    private static string Clip(string? value, int length) => value is null ? "" : value.Length > length ? value[..length] : value;
}

/// <summary>
/// Per partner, China day, outcome and code: how many events, credits and grams. Kept in step by the feed in the same
/// transaction, so the administrators' figures never scan the raw events, and duplicates (which write no event row)
/// are counted too.
/// </summary>
public sealed class PartnerDailyCount
{
    private PartnerDailyCount() { }

    public string PartnerCode { get; private set; } = "";
    public DateOnly Day { get; private set; }
    public PartnerEventStatus Status { get; private set; }

    /// <summary>The refusal code, <c>daily_cap</c> for an event accepted up to the cap, or "" for none.</summary>
    public string Code { get; private set; } = "";
    public long Events { get; private set; }
    public long CreditHundredths { get; private set; }
    public long Milligrams { get; private set; }
}
