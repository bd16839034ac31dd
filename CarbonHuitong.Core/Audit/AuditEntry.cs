namespace CarbonHuitong.Core.Audit;

/// <summary>One administrative action: who, what, when, and the values before and after. Never changed once written.</summary>
public sealed class AuditEntry
{
    private AuditEntry() { }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string ActorUserId { get; private set; } = "";
    public string ActorEmail { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }

    internal static AuditEntry Of(DateTime atUtc, string actorUserId, string actorEmail, string action, string entityType, string entityId,
        string? before, string? after) => new()
    {
        At = atUtc,
        ActorUserId = actorUserId,
        ActorEmail = actorEmail,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        Before = before,
        After = after,
    };
}
