namespace CarbonHuitong.Core.Notifications;

/// <summary>What a notification tells the citizen; its text is written when it is read, in the reader's language.</summary>
public enum NotificationKind
{
    CreditsExpiring,
    CouponExpiring,
    CouponUsed,
    PendingConfirmed,
    PendingReversed,
    PartnerLinked,
    PartnerRevoked,
    ClaimApproved,
    ClaimRejected,
    AccountFrozen,
    AccountUnfrozen,
}

/// <summary>
/// One fact told to one citizen in the app's notification centre. It keeps the fact's figures, not its text, so the
/// text follows the reader's language when it is read. (account, fact key) is unique: a fact is told once, however
/// often the job that finds it runs.
/// </summary>
public sealed class Notification
{
    public const int MaxFactKeyLength = 160;
    public const int MaxSubjectLength = 128;
    public const int MaxDetailLength = 500;

    private Notification() { }

    public long Id { get; private set; }
    public long AccountId { get; private set; }
    public NotificationKind Kind { get; private set; }

    /// <summary>What makes the fact itself unique for the account: "coupon-used/&lt;code&gt;", "credits-expiring/2026".</summary>
    public string FactKey { get; private set; } = "";

    /// <summary>Credits the fact is about (expiring, confirmed, reversed, granted).</summary>
    public long? CreditHundredths { get; private set; }

    /// <summary>A coupon's face value.</summary>
    public long? FaceValueFen { get; private set; }

    /// <summary>The China date the fact is about: when credits or a coupon expire.</summary>
    public DateOnly? Day { get; private set; }

    /// <summary>What it is about, by id: a coupon code, a partner code, a behaviour code, a claim number.</summary>
    public string? Subject { get; private set; }

    /// <summary>Words a person gave with it (a claim's decision, a freeze's reason), shown as given.</summary>
    public string? Detail { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }

    /// <summary>When the outbound sender (SMS, push, mail) took it; null until then.</summary>
    public DateTime? DeliveredAt { get; private set; }

    public static Notification Of(long accountId, NotificationKind kind, string factKey, DateTime createdAtUtc, long? creditHundredths = null,
        long? faceValueFen = null, DateOnly? day = null, string? subject = null, string? detail = null) => new()
    {
        AccountId = accountId,
        Kind = kind,
        FactKey = DomainText.RequireId(factKey, "fact key", MaxFactKeyLength),
        CreditHundredths = creditHundredths,
        FaceValueFen = faceValueFen,
        Day = day,
        Subject = subject is null ? null : DomainText.RequireId(subject, "subject", MaxSubjectLength),
        Detail = detail is null ? null : DomainText.Require(detail, "detail", MaxDetailLength),
        CreatedAt = createdAtUtc,
    };
}
