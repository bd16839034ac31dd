using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Audit;

public sealed record AuditFilter(string? Action = null, string? Actor = null, DateOnly? From = null, DateOnly? To = null);

public sealed record AuditEntryView(long Id, DateTime At, string ActorEmail, string Action, string EntityType, string EntityId, string? Before, string? After);

/// <summary>
/// Writes and reads the audit log. <see cref="Record"/> adds the entry to the caller's unit of work, so it is saved in
/// the same transaction as the change it describes, or not at all.
/// </summary>
public sealed class AuditLog(CarbonDbContext db, TimeProvider clock)
{
    // Enums by name and readable text: the log is read by people, and shown HTML-encoded by the page.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public void Record(Actor actor, string action, string entityType, string entityId, object? before, object? after) =>
        db.AuditEntries.Add(AuditEntry.Of(clock.GetUtcNow().UtcDateTime, actor.UserId, actor.Email, action, entityType, entityId,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json)));

    public async Task<Page<AuditEntryView>> ReadAsync(Actor reader, AuditFilter filter, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        reader.RequireMallAdmin();
        var request = new PageRequest(pageNumber, pageSize);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action)) entries = entries.Where(e => e.Action.StartsWith(filter.Action));
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim().ToUpperInvariant();
            entries = entries.Where(e => e.ActorEmail.ToUpper().Contains(actor));
        }
        entries = entries.WithinChinaDates(e => e.At, filter.From, filter.To);
        return await entries.ToPageAsync(request, rows => rows.OrderByDescending(e => e.Id)
            .Select(e => new AuditEntryView(e.Id, e.At, e.ActorEmail, e.Action, e.EntityType, e.EntityId, e.Before, e.After)), ct);
    }
}
