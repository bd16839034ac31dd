namespace CarbonHuitong.Core.Claims;

public enum ClaimKind
{
    /// <summary>A bus ride the validator did not record.</summary>
    MissingRide,

    /// <summary>A green behaviour a partner did not report.</summary>
    MissingEvent,

    /// <summary>An appeal of a partner event answered <c>counted_elsewhere</c> or <c>daily_cap</c>.</summary>
    Appeal,
}

public enum ClaimStatus
{
    Open,
    Approved,
    Rejected,
}

/// <summary>
/// A citizen's claim for credits the platform did not give: a missing ride or event, within the claim window, or an
/// appeal of a refusal. A mall administrator approves it (an audited Adjust entry) or rejects it with a reason, and
/// the citizen is told either way. (account, request id) is unique, so a double submit files one claim.
/// </summary>
public sealed class Claim
{
    public const int MaxPlaceLength = 200;
    public const int MaxNoteLength = 1000;
    public const int MaxReasonLength = 500;
    public const int MaxRequestIdLength = 64;

    private Claim() { }

    public long Id { get; private set; }
    public long AccountId { get; private set; }
    public ClaimKind Kind { get; private set; }

    /// <summary>When the act happened, as the citizen says, in UTC.</summary>
    public DateTime OccurredAt { get; private set; }

    /// <summary>Where: a bus line and stop, a shop, a partner's app.</summary>
    public string Place { get; private set; } = "";
    public string Note { get; private set; } = "";

    /// <summary>The behaviour claimed, if the citizen named one.</summary>
    public string? BehaviourCode { get; private set; }

    /// <summary>For an appeal or a missing event: the partner, and the partner's event id if the citizen has it.</summary>
    public string? PartnerCode { get; private set; }
    public string? PartnerEventId { get; private set; }
    public string RequestId { get; private set; } = "";
    public DateTime SubmittedAt { get; private set; }
    public ClaimStatus Status { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public string? DecidedByUserId { get; private set; }
    public string? DecisionReason { get; private set; }

    /// <summary>What an approval granted, by the Adjust entry <see cref="AdjustEntryId"/>.</summary>
    public long? GrantedHundredths { get; private set; }
    public long? AdjustEntryId { get; private set; }

    internal static Claim File(long accountId, ClaimKind kind, DateTime occurredAtUtc, string place, string note, string? behaviourCode,
        string? partnerCode, string? partnerEventId, string requestId, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        Kind = kind,
        OccurredAt = occurredAtUtc,
        Place = DomainText.Require(place, "place", MaxPlaceLength),
        Note = DomainText.Require(note, "note", MaxNoteLength),
        BehaviourCode = behaviourCode,
        PartnerCode = partnerCode,
        PartnerEventId = partnerEventId,
        RequestId = DomainText.RequireId(requestId, "request id", MaxRequestIdLength),
        SubmittedAt = nowUtc,
        Status = ClaimStatus.Open,
    };

    internal void Approve(string adminUserId, string reason, long grantedHundredths, long adjustEntryId, DateTime nowUtc)
    {
        RequireOpen();
        Status = ClaimStatus.Approved;
        DecidedByUserId = adminUserId;
        DecisionReason = DomainText.Require(reason, "reason", MaxReasonLength);
        GrantedHundredths = grantedHundredths;
        AdjustEntryId = adjustEntryId;
        DecidedAt = nowUtc;
    }

    internal void Reject(string adminUserId, string reason, DateTime nowUtc)
    {
        RequireOpen();
        Status = ClaimStatus.Rejected;
        DecidedByUserId = adminUserId;
        DecisionReason = DomainText.Require(reason, "reason", MaxReasonLength);
        DecidedAt = nowUtc;
    }

    private void RequireOpen()
    {
        if (Status != ClaimStatus.Open) throw new DomainException(ErrorCodes.InvalidState, $"Claim {Id} was already {Status.ToString().ToLowerInvariant()}.");
    }
}
