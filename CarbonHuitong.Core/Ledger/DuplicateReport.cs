namespace CarbonHuitong.Core.Ledger;

/// <summary>
/// A later report of an act the ledger already counted: the same citizen and behaviour from another source, within
/// the behaviour's same-act window (a metro ride reported by the metro and again by a ride-code app). It earns
/// nothing; it is kept beside the entry that counted the act, which itself never changes, so the citizen's history
/// can say who reported it and that it was counted once. Append-only, like the entries.
/// </summary>
public sealed class DuplicateReport
{
    private DuplicateReport() { }

    public long Id { get; private set; }

    /// <summary>The entry that counted the act.</summary>
    public long EntryId { get; private set; }
    public long AccountId { get; private set; }
    public string BehaviourCode { get; private set; } = "";

    /// <summary>Who reported it again, as a ledger source (<c>transit</c>, <c>partner:metro</c>), and their id for the report.</summary>
    public string Source { get; private set; } = "";
    public string ExternalEventId { get; private set; } = "";
    public DateTime OccurredAt { get; private set; }
    public DateTime RecordedAt { get; private set; }

    internal static DuplicateReport Of(long entryId, long accountId, string behaviourCode, string source, string externalEventId,
        DateTime occurredAtUtc, DateTime recordedAtUtc) => new()
    {
        EntryId = entryId,
        AccountId = accountId,
        BehaviourCode = behaviourCode,
        Source = DomainText.RequireId(source, "source", LedgerEntry.MaxSourceLength),
        ExternalEventId = DomainText.RequireId(externalEventId, "external event id", LedgerEntry.MaxExternalEventIdLength),
        OccurredAt = occurredAtUtc,
        RecordedAt = recordedAtUtc,
    };
}

/// <summary>An earlier earn that may be the same act as a new report: what the same-act check needs of it.</summary>
public sealed record EarnNearby(long EntryId, long AccountId, string BehaviourCode, string Source, DateTime OccurredAt, long Milligrams);
