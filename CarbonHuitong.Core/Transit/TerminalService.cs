using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Transit;

public sealed record TerminalView(string Id, string LineId, string Name, bool IsActive, DateTime RegisteredAt, DateTime KeyIssuedAt);

/// <summary>
/// Mall administrators register validators and issue their keys; each action is audited in its transaction. A key is
/// returned once and only its hash is kept.
/// </summary>
public sealed class TerminalService(CarbonDbContext db, AuditLog audit, ReferenceDataCache referenceData, TimeProvider clock)
{
    /// <param name="presetKey">A key given by the operator (the demo validator's, from its settings); null makes a random one.</param>
    /// <returns>The validator's key, shown once.</returns>
    public async Task<string> RegisterAsync(Actor admin, string id, string lineId, string name, string? presetKey = null, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var (terminal, key) = Terminal.Register(id, lineId, name, Now, presetKey);
        await db.InWriteTransactionAsync(async () =>
        {
            if (await db.Terminals.AnyAsync(t => t.Id == terminal.Id, ct))
                throw new DomainException(ErrorCodes.BadRequest, $"A terminal with id '{terminal.Id}' is already registered.");
            db.Terminals.Add(terminal);
            audit.Record(admin, "terminal.register", nameof(Terminal), terminal.Id, null, new { terminal.Id, terminal.LineId, terminal.Name });
            await db.SaveChangesAsync(ct);
        }, ct);
        return key;
    }

    /// <summary>
    /// Issues a validator a new key; the old one stops working at once on this server, and within
    /// <see cref="ReferenceDataCache.MaxAge"/> on the others.
    /// </summary>
    public async Task<string> RotateKeyAsync(Actor admin, string id, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var key = await db.InWriteTransactionAsync(async () =>
        {
            var terminal = await db.Terminals.SingleOrDefaultAsync(t => t.Id == id, ct)
                ?? throw new DomainException(ErrorCodes.NotFound, $"There is no terminal '{id}'.");
            var before = new { terminal.KeyIssuedAt };
            var issued = terminal.IssueKey(Now);
            audit.Record(admin, "terminal.rotate_key", nameof(Terminal), id, before, new { terminal.KeyIssuedAt });
            await db.SaveChangesAsync(ct);
            return issued;
        }, ct);
        referenceData.Clear();
        return key;
    }

    public async Task<IReadOnlyList<TerminalView>> ListAsync(Actor admin, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        return await db.Terminals.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new TerminalView(t.Id, t.LineId, t.Name, t.IsActive, t.RegisteredAt, t.KeyIssuedAt))
            .ToListAsync(ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
