namespace CarbonHuitong.Core.Ledger;

/// <summary>
/// A claw-back of credits proven fraudulent that found less in the balance than it asked for: the balance never goes
/// below zero, so what could not be taken is recorded here, for the reports, beside the Adjust entry that took the rest.
/// </summary>
public sealed class CreditShortfall
{
    private CreditShortfall() { }

    public long Id { get; private set; }
    public long AccountId { get; private set; }
    public long RequestedHundredths { get; private set; }
    public long TakenHundredths { get; private set; }
    public long ShortfallHundredths { get; private set; }
    public string Reason { get; private set; } = "";
    public string ActorUserId { get; private set; } = "";
    public DateTime At { get; private set; }

    /// <summary>The Adjust entry that took what there was, or null when the balance was zero.</summary>
    public long? EntryId { get; private set; }

    internal static CreditShortfall Of(long accountId, long requestedHundredths, long takenHundredths, string reason, string actorUserId,
        long? entryId, DateTime nowUtc) => new()
    {
        AccountId = accountId,
        RequestedHundredths = requestedHundredths,
        TakenHundredths = takenHundredths,
        ShortfallHundredths = requestedHundredths - takenHundredths,
        Reason = reason,
        ActorUserId = actorUserId,
        EntryId = entryId,
        At = nowUtc,
    };
}
